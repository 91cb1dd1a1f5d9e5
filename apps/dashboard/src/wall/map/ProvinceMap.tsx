import DeckGL, { type DeckGLRef } from '@deck.gl/react'
import type { PickingInfo } from '@deck.gl/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useLocale } from '../../i18n/use-locale.js'
import { featuresAround, placesKey, siteFeatureNames } from './geo.js'
import { mapNs } from './i18n.js'
import {
  alertPulseLayer,
  alertsLayer,
  boundariesLayer,
  camerasLayer,
  heatLayer,
  placeLabelsLayer,
  pulsePhase,
  sensorsLayer,
  siteOutlineLayer,
} from './layers.js'
import { Basemap } from './Basemap.js'
import { MapLegend } from './MapLegend.js'
import { placeLabels } from './map-rows.js'
import { linkOf, tooltipHtml } from './tooltip.js'
import { useMapData } from './use-map-data.js'
import { fallbackView, fitView, siteBounds, type MapView } from './view.js'
import './map.css'

export interface ProvinceMapProps {
  /** Centre on this place instead of the whole site (the alert pop-up's small map). */
  focus?: { lon: number; lat: number; zoom?: number }
  /** Without legend, labels and heatmap: for small maps. */
  compact?: boolean
  /** Names the map for tests (`window.__iocMaps[name]` is its deck.gl instance). */
  name?: string
}

declare global {
  interface Window {
    __iocMaps?: Record<string, unknown>
  }
}

const PULSE_FRAME_MS = 100
// room under the site for the legend, which stays on screen
const wallPadding = { top: 40, left: 40, right: 40, bottom: 170 }
const compactPadding = { top: 16, left: 16, right: 16, bottom: 16 }

/** deck.gl over the site's boundaries: cameras, stations, alerts and where detections are. */
export function ProvinceMap({ focus, compact = false, name = 'province' }: ProvinceMapProps) {
  const { t } = useTranslation(mapNs)
  const { locale } = useLocale()
  const navigate = useNavigate()
  const data = useMapData()
  const container = useRef<HTMLDivElement>(null)
  const deck = useRef<DeckGLRef>(null)
  const [size, setSize] = useState<{ width: number; height: number } | null>(null)
  const [view, setView] = useState<MapView | null>(null)
  const touched = useRef(false)

  useEffect(() => {
    const el = container.current
    if (!el) return
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect
      if (width > 0 && height > 0) setSize({ width: Math.round(width), height: Math.round(height) })
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  const points = useMemo(() => [...data.cameras, ...data.sensors], [data.cameras, data.sensors])
  // the rows change with every reading; what follows depends on where the points are only
  const places = useMemo(() => placesKey(points), [points])
  const siteNames = useMemo(
    () => siteFeatureNames(data.boundaries ?? null, points),
    [data.boundaries, places], // places stands for points
  )
  const bounds = useMemo(
    () => siteBounds(data.boundaries, siteNames, points),
    // refit when the site changes, not on every reading
    [data.boundaries, siteNames.join('|'), points.length],
  )

  // fitted to the site (or the focus) until the operator pans or zooms; again after a resize
  useEffect(() => {
    if (!size || touched.current) return
    if (focus)
      setView({ longitude: focus.lon, latitude: focus.lat, zoom: focus.zoom ?? 12, pitch: 0, bearing: 0 })
    else if (bounds) setView(fitView(bounds, size.width, size.height, compact ? compactPadding : wallPadding))
  }, [size, bounds, focus?.lon, focus?.lat, focus?.zoom, compact])

  const [phase, setPhase] = useState(0)
  const pulsing = data.unacknowledged.length > 0
  useEffect(() => {
    if (!pulsing) return
    let frame = 0
    let last = 0
    const tick = (now: number) => {
      if (now - last >= PULSE_FRAME_MS) {
        last = now
        setPhase(pulsePhase(now))
      }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(frame)
  }, [pulsing])

  // The first frame draws the site and its markers only; the heatmap and the names follow once it
  // is on screen. Each new kind of layer compiles its shaders on first use, synchronously: in the
  // wall benchmark's software WebGL all of them at once held the page for 1-1.9 s before anything
  // showed (and a wall PC's integrated GPU pays the same on every reload).
  const [firstDrawn, setFirstDrawn] = useState(false)
  const onAfterRender = () => {
    if (firstDrawn) return
    performance.mark(`ioc:map-drawn:${name}`)
    // a task later, not in this frame, so that this frame reaches the screen first
    setTimeout(() => setFirstDrawn(true), 50)
  }

  const labels = useMemo(() => placeLabels(points), [places]) // places stands for points
  const siteKey = siteNames.join('|')
  const base = useMemo(() => {
    if (!data.boundaries) return []
    const shown = { boundaries: featuresAround(data.boundaries, siteNames), siteNames }
    return [boundariesLayer(shown), siteOutlineLayer(shown)]
    // siteNames is a new array whenever the points are; its names are what matters
  }, [data.boundaries, siteKey])
  const labelLayer = useMemo(
    () => (compact || !firstDrawn ? null : placeLabelsLayer({ labels })),
    [labels, compact, firstDrawn],
  )
  const heat = useMemo(
    () => (compact || !firstDrawn ? null : heatLayer({ rows: data.heat })),
    [data.heat, compact, firstDrawn],
  )
  const sensors = useMemo(
    () =>
      sensorsLayer({ sensors: data.sensors, thresholds: data.thresholds, thresholdsKey: data.thresholdsKey }),
    [data.sensors, data.thresholds, data.thresholdsKey],
  )
  const cameras = useMemo(() => camerasLayer({ cameras: data.cameras }), [data.cameras])
  const alerts = useMemo(() => alertsLayer({ alerts: data.alerts }), [data.alerts])
  const pulse = firstDrawn ? alertPulseLayer({ alerts: data.unacknowledged, phase }) : null
  // the names last, over the markers: an alert's ring round a district's first camera covered the
  // start of its name ("am Kỳ"); outlined, a name stays readable over a ring and a ring behind it
  const layers = [...base, heat, sensors, cameras, alerts, pulse, labelLayer].filter((l) => l !== null)

  useEffect(() => {
    const instance = deck.current?.deck
    if (!instance) return
    window.__iocMaps = { ...window.__iocMaps, [name]: instance }
    return () => {
      if (window.__iocMaps?.[name] === instance) delete window.__iocMaps[name]
    }
  }, [name, view !== null])

  const getTooltip = (info: PickingInfo) => {
    const html = tooltipHtml(info.layer?.id, info.object, { t, locale, thresholds: data.thresholds })
    return html ? { html, className: 'map-tip' } : null
  }
  const onClick = (info: PickingInfo) => {
    const to = linkOf(info.layer?.id, info.object)
    if (to) void navigate(to)
  }

  const current = view ?? fallbackView
  return (
    <div
      ref={container}
      className={`province-map${compact ? ' province-map--compact' : ''}`}
      data-testid={`map-${name}`}
      data-ready={view !== null && !data.loading ? 'true' : 'false'}
      data-drawn={firstDrawn ? 'true' : 'false'}
    >
      {data.styleUrl && view && <Basemap styleUrl={data.styleUrl} view={current} />}
      {size && (
        <DeckGL
          ref={deck}
          width={size.width}
          height={size.height}
          viewState={current}
          controller={{ dragRotate: false, touchRotate: false }}
          onViewStateChange={({ viewState, interactionState }) => {
            if (interactionState.isDragging || interactionState.isZooming || interactionState.isPanning)
              touched.current = true
            setView(viewState as MapView)
          }}
          layers={layers}
          onAfterRender={onAfterRender}
          getTooltip={getTooltip}
          onClick={onClick}
          getCursor={({ isHovering }) => (isHovering ? 'pointer' : 'grab')}
        />
      )}
      {!compact && (
        <div className="province-map__notices" role="status">
          {data.loading && <div className="province-map__notice">{t('loading')}</div>}
          {data.boundaries === null && !data.boundariesError && (
            <div className="province-map__notice">{t('noBoundaries')}</div>
          )}
          {data.boundariesError && (
            <div className="province-map__notice province-map__notice--error">
              {t('boundariesFailed', { reason: data.boundariesError })}
            </div>
          )}
          {data.dataError && (
            <div className="province-map__notice province-map__notice--error">
              {t('dataFailed', { reason: data.dataError })}
            </div>
          )}
        </div>
      )}
      {!compact && <MapLegend siteNames={siteNames} />}
    </div>
  )
}
