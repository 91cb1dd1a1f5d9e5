import { useRef, useState, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CameraView, CountLine, Zone } from '@ioc/contracts'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { adminNs } from '../i18n.js'
import { patchCamera } from './camera-queries.js'
import { boxInAnyZone, moved, newLine, newZone, normalise, type Point } from './geometry.js'
import { GeometryShapes, type Selection } from './GeometryShapes.js'
import { camerasNs } from './i18n.js'
import { SelectionFields } from './SelectionFields.js'
import { useLivePicture } from './use-live-picture.js'

type Mode = { kind: 'idle' } | { kind: 'zone'; points: Point[] } | { kind: 'line'; first: Point | null }
type Drag = { sel: Selection; vertex: number | null; from: Point; start: Point[] }

/**
 * Zones (restricted, crowd, lane) and count lines drawn, moved and deleted on the camera's live
 * picture, with the current detections over it; saved to the camera (the ingest reloads its
 * configuration by itself).
 */
export function GeometryEditor({ camera }: { camera: CameraView }) {
  const { t } = useTranslation(camerasNs)
  const { t: ta } = useTranslation(adminNs)
  const [zones, setZones] = useState<Zone[]>(camera.zones)
  const [lines, setLines] = useState<CountLine[]>(camera.lines)
  const [mode, setMode] = useState<Mode>({ kind: 'idle' })
  const [sel, setSel] = useState<Selection | null>(null)
  const [pictureOk, setPictureOk] = useState(true)
  const drag = useRef<Drag | null>(null)
  const area = useRef<HTMLDivElement>(null)
  const { src, frame } = useLivePicture(camera.id)
  const save = useAdminMutation(patchCamera, ['cameras'])
  const taken = [...zones.map((z) => z.id), ...lines.map((l) => l.id)]

  const at = (e: PointerEvent) => normalise(e.clientX, e.clientY, area.current!.getBoundingClientRect())
  const pointsOf = (s: Selection) =>
    s.type === 'zone' ? zones.find((z) => z.id === s.id)!.points : lines.find((l) => l.id === s.id)!.points
  const setPoints = (s: Selection, points: Point[]) =>
    s.type === 'zone'
      ? setZones((zs) => zs.map((z) => (z.id === s.id ? { ...z, points } : z)))
      : setLines((ls) => ls.map((l) => (l.id === s.id ? { ...l, points: [points[0]!, points[1]!] } : l)))

  const closeZone = (points: Point[]) => {
    const zone = newZone(points, taken, t('geometry.newZone', { n: zones.length + 1 }))
    setZones((zs) => [...zs, zone])
    setSel({ type: 'zone', id: zone.id })
    setMode({ kind: 'idle' })
  }
  const click = (e: PointerEvent) => {
    const p = at(e)
    if (mode.kind === 'zone') {
      const first = mode.points[0]
      if (first && mode.points.length >= 3 && Math.hypot(first[0] - p[0], first[1] - p[1]) < 0.03)
        closeZone(mode.points)
      else setMode({ kind: 'zone', points: [...mode.points, p] })
    } else if (mode.kind === 'line') {
      if (!mode.first) return setMode({ kind: 'line', first: p })
      const line = newLine(mode.first, p, taken, t('geometry.newLine', { n: lines.length + 1 }), [
        t('geometry.dirA'),
        t('geometry.dirB'),
      ])
      setLines((ls) => [...ls, line])
      setSel({ type: 'line', id: line.id })
      setMode({ kind: 'idle' })
    } else setSel(null)
  }
  const grab = (e: PointerEvent, s: Selection, vertex: number | null) => {
    if (mode.kind !== 'idle') return
    e.stopPropagation()
    setSel(s)
    drag.current = { sel: s, vertex, from: at(e), start: [...pointsOf(s)] }
    area.current?.setPointerCapture(e.pointerId)
  }
  const move = (e: PointerEvent) => {
    const d = drag.current
    if (!d) return
    const p = at(e)
    if (d.vertex === null) setPoints(d.sel, moved(d.start, p[0] - d.from[0], p[1] - d.from[1]))
    else
      setPoints(
        d.sel,
        d.start.map((q, i) => (i === d.vertex ? p : q)),
      )
  }
  const remove = () => {
    if (!sel) return
    if (sel.type === 'zone') setZones((zs) => zs.filter((z) => z.id !== sel.id))
    else setLines((ls) => ls.filter((l) => l.id !== sel.id))
    setSel(null)
  }
  const boxes = frame?.detections ?? []

  return (
    <section className="admin-geometry" aria-label={t('geometry.title')} data-testid="geometry-editor">
      <h3>{t('geometry.title')}</h3>
      <p className="admin-muted">{t('geometry.help')}</p>
      <div className="admin-actions">
        <button type="button" className="admin-button" onClick={() => setMode({ kind: 'zone', points: [] })}>
          {t('geometry.addZone')}
        </button>
        <button type="button" className="admin-button" onClick={() => setMode({ kind: 'line', first: null })}>
          {t('geometry.addLine')}
        </button>
        {mode.kind === 'zone' && mode.points.length >= 3 && (
          <button type="button" className="admin-button" onClick={() => closeZone(mode.points)}>
            {t('geometry.finish')}
          </button>
        )}
        {mode.kind !== 'idle' && (
          <button type="button" className="admin-button" onClick={() => setMode({ kind: 'idle' })}>
            {t('geometry.cancel')}
          </button>
        )}
        <span className="admin-muted">{t('geometry.detections', { count: boxes.length })}</span>
      </div>
      {mode.kind !== 'idle' && (
        <p className="admin-hint" role="status">
          {mode.kind === 'zone' ? t('geometry.drawingZone') : t('geometry.drawingLine')}
        </p>
      )}
      <div
        ref={area}
        className={`admin-picture${mode.kind !== 'idle' ? ' admin-picture-drawing' : ''}`}
        data-testid="geometry-picture"
        onPointerDown={click}
        onPointerMove={move}
        onPointerUp={() => (drag.current = null)}
      >
        {src && (
          <img
            src={src}
            alt={camera.name}
            draggable={false}
            style={{ visibility: pictureOk ? 'visible' : 'hidden' }}
            onError={() => setPictureOk(false)}
            onLoad={() => setPictureOk(true)}
          />
        )}
        {(!src || !pictureOk) && <p className="admin-picture-empty">{t('geometry.noSnapshot')}</p>}
        <GeometryShapes
          zones={zones}
          lines={lines}
          selection={sel}
          drawing={
            mode.kind === 'zone' ? mode.points : mode.kind === 'line' && mode.first ? [mode.first] : []
          }
          boxes={boxes.map((d) => ({ box: d.box, inZone: boxInAnyZone(d.box, zones) }))}
          onGrab={grab}
        />
      </div>
      {sel && (
        <SelectionFields
          selection={sel}
          zones={zones}
          lines={lines}
          setZones={setZones}
          setLines={setLines}
          onDelete={remove}
        />
      )}
      <div className="admin-actions">
        <button
          type="button"
          className="admin-button admin-primary"
          disabled={save.isPending}
          onClick={() => save.mutate({ id: camera.id, body: { zones, lines } })}
        >
          {save.isPending ? ta('saving') : t('geometry.save')}
        </button>
        {save.isSuccess && <span role="status">{t('geometry.saved')}</span>}
      </div>
      {save.isError && (
        <p role="alert" className="admin-error">
          {ta('error', { message: errorText(save.error) })}
        </p>
      )}
    </section>
  )
}
