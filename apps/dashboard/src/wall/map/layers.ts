import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import { aqiCategory, type BoundaryFeature, type MapBoundaries } from '@ioc/contracts'
import {
  aqiColors,
  cameraStateColors,
  neutralSensorColor,
  offlineColor,
  severityColors,
  waterLevelColors,
  waterLevelOf,
  type Rgba,
} from './colors.js'
import type { AlertRow, CameraRow, HeatRow, PlaceLabel, SensorRow } from './map-rows.js'

// Each layer is built by a pure function of its props with a fixed id: deck.gl matches layers by
// id between renders and, with the same `data` array, only updates what the props changed.

export const layerIds = {
  boundaries: 'boundaries',
  siteOutline: 'site-outline',
  placeLabels: 'place-labels',
  heat: 'detections-heat',
  sensors: 'sensors',
  cameras: 'cameras',
  alerts: 'alerts',
  alertPulse: 'alerts-pulse',
} as const

const position = (r: { lon: number; lat: number }): [number, number] => [r.lon, r.lat]

/** The provinces filled, the site darker-blue; outlines are siteOutlineLayer's (the site's only). */
export function boundariesLayer(props: { boundaries: MapBoundaries; siteNames: readonly string[] }) {
  const site = new Set(props.siteNames)
  const isSite = (f: BoundaryFeature) => site.has(f.properties.name)
  return new GeoJsonLayer<BoundaryFeature['properties']>({
    id: layerIds.boundaries,
    data: props.boundaries as never,
    // outlines are a path per ring, the costliest part of the map to draw without a GPU
    stroked: false,
    filled: true,
    getFillColor: (f) => (isSite(f as never) ? [30, 58, 95, 230] : [22, 30, 44, 200]),
    updateTriggers: { getFillColor: props.siteNames.join('|') },
  })
}

/** The site's own outline, bright, over the fills. */
export function siteOutlineLayer(props: { boundaries: MapBoundaries; siteNames: readonly string[] }) {
  const site = new Set(props.siteNames)
  return new GeoJsonLayer<BoundaryFeature['properties']>({
    id: layerIds.siteOutline,
    data: {
      ...props.boundaries,
      features: props.boundaries.features.filter((f) => site.has(f.properties.name)),
    } as never,
    stroked: true,
    filled: false,
    lineWidthUnits: 'pixels',
    getLineColor: [125, 211, 252, 255],
    getLineWidth: 3,
  })
}

/** District names where the cameras and stations are, so an operator reads the map at a glance. */
export function placeLabelsLayer(props: { labels: readonly PlaceLabel[] }) {
  return new TextLayer<PlaceLabel>({
    id: layerIds.placeLabels,
    data: props.labels,
    getPosition: position,
    getText: (d) => d.name,
    getTextAnchor: (d) => (d.side === 'left' ? 'end' : 'start'),
    getPixelOffset: (d) => (d.side === 'left' ? [-24, 0] : [24, 0]),
    getSize: 20,
    getColor: [226, 232, 240, 230],
    outlineWidth: 2,
    outlineColor: [2, 6, 23, 255],
    fontSettings: { sdf: true },
    fontWeight: 700,
    characterSet: 'auto',
    fontFamily: 'system-ui, "Segoe UI", Roboto, sans-serif',
  })
}

export function camerasLayer(props: { cameras: readonly CameraRow[] }) {
  return new ScatterplotLayer<CameraRow>({
    id: layerIds.cameras,
    data: props.cameras,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: position,
    getRadius: 13,
    getLineWidth: 3,
    getLineColor: [255, 255, 255, 255],
    getFillColor: (c) => cameraStateColors[c.state],
  })
}

export function sensorColor(row: SensorRow, threshold: number | undefined): Rgba {
  if (!row.online) return offlineColor
  if (row.value === null) return neutralSensorColor
  if (row.metric === 'aqi') return aqiColors[aqiCategory(row.value)]
  if (row.kind === 'water_level')
    return threshold === undefined
      ? waterLevelColors.no_threshold
      : waterLevelColors[waterLevelOf(row.value, threshold)]
  return neutralSensorColor
}

export function sensorsLayer(props: {
  sensors: readonly SensorRow[]
  thresholds: ReadonlyMap<string, number>
  /** Changes exactly when `thresholds` does (thresholdsKey), so colours are recomputed then only. */
  thresholdsKey: string
}) {
  const { thresholds } = props
  return new ScatterplotLayer<SensorRow>({
    id: layerIds.sensors,
    data: props.sensors,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: position,
    getRadius: 9,
    getLineWidth: 2,
    getLineColor: [15, 23, 42, 255],
    getFillColor: (s) => sensorColor(s, thresholds.get(s.id)),
    updateTriggers: { getFillColor: props.thresholdsKey },
  })
}

export function alertsLayer(props: { alerts: readonly AlertRow[] }) {
  return new ScatterplotLayer<AlertRow>({
    id: layerIds.alerts,
    data: props.alerts,
    pickable: true,
    stroked: true,
    filled: false,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: position,
    getRadius: 22,
    getLineWidth: 5,
    getLineColor: (a) => severityColors[a.severity],
  })
}

/** 0..1, the share of the pulse period elapsed at `nowMs`. */
export const pulsePhase = (nowMs: number, periodMs = 1600) => (nowMs % periodMs) / periodMs

/**
 * A ring growing and fading around each unacknowledged alert. Only `radiusScale` and `opacity`
 * (uniforms) move with `phase`: the data and its attributes stay as they are from frame to frame.
 */
export function alertPulseLayer(props: { alerts: readonly AlertRow[]; phase: number }) {
  return new ScatterplotLayer<AlertRow>({
    id: layerIds.alertPulse,
    data: props.alerts,
    stroked: true,
    filled: false,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: position,
    getRadius: 22,
    getLineWidth: 4,
    getLineColor: (a) => severityColors[a.severity],
    radiusScale: 1 + 1.6 * props.phase,
    opacity: 1 - props.phase,
  })
}

export function heatLayer(props: { rows: readonly HeatRow[] }) {
  return new HeatmapLayer<HeatRow>({
    id: layerIds.heat,
    data: props.rows,
    getPosition: position,
    getWeight: (r) => r.weight,
    radiusPixels: 70,
    // the default 2048² float texture is re-aggregated on every change of the rows; a province
    // fills well under 1000 px, and on a wall PC without a GPU the default takes seconds a pass
    weightsTextureSize: 512,
    intensity: 1.2,
    threshold: 0.04,
    opacity: 0.55,
  })
}
