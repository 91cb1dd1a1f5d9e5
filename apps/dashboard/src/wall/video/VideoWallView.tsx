// The video wall without its data sources: the chosen layout filled with the current page's
// cameras, pages rotating, one camera enlarged (click, alert or pin), the choices kept per display.
// VideoWall.tsx feeds it from the shell (REST, socket hooks, session).
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CameraState } from '@ioc/contracts'
import { arrange, pageCameras, pageCount } from './arrangement.js'
import { CameraTile, type TileCamera } from './CameraTile.js'
import type { DetectionTimeline } from './detection-timeline.js'
import {
  alertRaised,
  clickTile,
  defaultFocusTimes,
  focused,
  nextExpiry,
  togglePin,
  type FocusState,
} from './focus.js'
import { videoNs } from './i18n.js'
import { layoutIds, type LayoutId } from './layouts.js'
import { defaultRotation, pauseRotation, rotate, showPage, startRotation } from './rotation.js'
import { loadPrefs, savePrefs, type WallPrefs } from './wall-prefs.js'
import './video-wall.css'

export interface WallCamera extends TileCamera {
  state: CameraState | null
}

export interface VideoWallViewProps {
  cameras: WallCamera[]
  origin: string
  token: string
  /** Which display of the command room this is: its choices are kept under this name. */
  display: string
  /** No toolbar (kiosk). */
  chromeless?: boolean
  /** The last camera that raised an alert, with a value that changes at each new alert. */
  alert?: { cameraId: string; key: string } | null
  /** The detection frames of a camera, kept by their time (a hook: called once per tile). */
  useTimeline: (cameraId: string) => DetectionTimeline | null
}

const rotateChoices = [0, 10, 20, 30, 60, 120]

function useNow(nextAt: number | null, tickMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const delay = nextAt === null ? tickMs : Math.max(0, Math.min(tickMs, nextAt - Date.now()))
    const timer = setTimeout(() => setNow(Date.now()), delay)
    return () => clearTimeout(timer)
  }, [now, nextAt, tickMs])
  return now
}

function LiveTile(
  props: Omit<Parameters<typeof CameraTile>[0], 'timeline'> & {
    useTimeline: VideoWallViewProps['useTimeline']
  },
) {
  const { useTimeline, ...rest } = props
  const timeline = useTimeline(rest.camera.id)
  return <CameraTile {...rest} timeline={timeline} />
}

export function VideoWallView(props: VideoWallViewProps) {
  const { t } = useTranslation(videoNs)
  const [prefs, setPrefs] = useState<WallPrefs>(() => loadPrefs(localStorage, props.display))
  const [focus, setFocus] = useState<FocusState>(() => ({ pinned: prefs.pinned, alert: null, clicked: null }))
  const settings = { ...defaultRotation, intervalMs: prefs.rotateS * 1000 }
  const [rotation, setRotation] = useState(() => startRotation(Date.now()))
  const now = useNow(nextExpiry(focus, Date.now()), 1000)

  useEffect(() => savePrefs(localStorage, props.display, prefs), [props.display, prefs])
  const update = (change: Partial<WallPrefs>) => setPrefs((p) => ({ ...p, ...change }))

  const alertKey = props.alert?.key
  useEffect(() => {
    if (props.alert) setFocus((f) => alertRaised(f, props.alert!.cameraId, Date.now(), defaultFocusTimes))
    // a new alert is a new key, the same camera alerting again included
  }, [alertKey])

  const ids = useMemo(() => props.cameras.map((c) => c.id), [props.cameras])
  const byId = useMemo(() => new Map(props.cameras.map((c) => [c.id, c])), [props.cameras])
  const pages = pageCount(ids.length, prefs.layout)
  const current = focused(focus, now)
  const focusedId = current && byId.has(current.cameraId) ? current.cameraId : null

  // rotation ticks with the clock; an enlarged camera holds the page
  const rotated = rotate(rotation, now, pages, settings, focusedId !== null)
  useEffect(() => {
    if (rotated !== rotation) setRotation(rotated)
  }, [rotated, rotation])

  const page = pageCameras(ids, prefs.layout, rotated.page)
  const arrangement = arrange(prefs.layout, page, focusedId, ids.length)
  const touch = () => setRotation((r) => pauseRotation(r, Date.now(), settings))
  const goTo = (p: number) => setRotation((r) => showPage(r, (p + pages) % pages, Date.now(), settings))

  return (
    <section className="video-wall" onPointerDown={touch} onKeyDown={touch}>
      {!props.chromeless && (
        <div className="video-wall-toolbar" role="toolbar" aria-label={t('title')}>
          <span className="video-wall-title">{t('title')}</span>
          <span className="video-wall-group" role="group" aria-label={t('layout')}>
            {layoutIds.map((id: LayoutId) => (
              <button
                key={id}
                type="button"
                aria-pressed={prefs.layout === id}
                className={prefs.layout === id ? 'active' : ''}
                onClick={() => update({ layout: id })}
              >
                {id}
              </button>
            ))}
          </span>
          <span className="video-wall-group">
            <button type="button" onClick={() => goTo(rotated.page - 1)} disabled={pages < 2} aria-label="‹">
              ‹
            </button>
            <span className="video-wall-page">{t('page', { page: rotated.page + 1, pages })}</span>
            <button type="button" onClick={() => goTo(rotated.page + 1)} disabled={pages < 2} aria-label="›">
              ›
            </button>
          </span>
          <label className="video-wall-group">
            {t('rotate')}
            <select value={prefs.rotateS} onChange={(e) => update({ rotateS: Number(e.target.value) })}>
              {rotateChoices.map((s) => (
                <option key={s} value={s}>
                  {s === 0 ? t('rotateOff') : t('rotateEvery', { seconds: s })}
                </option>
              ))}
            </select>
          </label>
          {now < rotated.pausedUntil && pages > 1 && <span className="video-wall-paused">{t('paused')}</span>}
          <label className="video-wall-group">
            <input
              type="checkbox"
              checked={prefs.showZones}
              onChange={(e) => update({ showZones: e.target.checked })}
            />
            {t('zones')}
          </label>
        </div>
      )}
      {props.cameras.length === 0 ? (
        <div className="video-wall-empty">{t('noCameras')}</div>
      ) : (
        <div
          className="video-wall-grid"
          style={{
            gridTemplateColumns: `repeat(${arrangement.size}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${arrangement.size}, minmax(0, 1fr))`,
          }}
        >
          {arrangement.tiles.map((tile, index) => {
            const camera = byId.get(tile.cameraId)!
            return (
              <div
                key={tile.cameraId}
                className="video-wall-cell"
                style={{
                  gridColumn: `${tile.cell.column + 1} / span ${tile.cell.columnSpan}`,
                  gridRow: `${tile.cell.row + 1} / span ${tile.cell.rowSpan}`,
                }}
              >
                <LiveTile
                  camera={camera}
                  state={camera.state}
                  origin={props.origin}
                  token={props.token}
                  index={index}
                  count={arrangement.tiles.length}
                  large={tile.large}
                  focus={focusedId === tile.cameraId ? current!.reason : null}
                  pinned={focus.pinned === tile.cameraId}
                  showZones={prefs.showZones}
                  useTimeline={props.useTimeline}
                  onClick={(id) => setFocus((f) => clickTile(f, id, Date.now(), defaultFocusTimes))}
                  onPin={(id) => {
                    const next = togglePin(focus, id)
                    setFocus(next)
                    update({ pinned: next.pinned })
                  }}
                />
              </div>
            )
          })}
        </div>
      )}
    </section>
  )
}
