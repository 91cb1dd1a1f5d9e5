import {
  matchesTarget,
  severityRank,
  type Alert,
  type AlertSeverity,
  type CameraState,
  type CameraStatus,
  type CameraView,
  type CityKpis,
  type Device,
  type DeviceKind,
  type Rule,
} from '@ioc/contracts'

// What each layer draws, one plain row per object, built from the api's answers and live events.
// Rows hold values, never colours: colours come from the layer's accessors.

export interface CameraRow {
  id: string
  name: string
  district: string
  lon: number
  lat: number
  state: CameraState | 'unknown'
}

export interface SensorRow {
  id: string
  name: string
  district: string
  kind: DeviceKind
  lon: number
  lat: number
  online: boolean
  /** The metric the dot is coloured by (aqi, water_level_cm, ...). */
  metric: string
  value: number | null
}

export interface AlertRow {
  id: string
  lon: number
  lat: number
  severity: AlertSeverity
  acknowledged: boolean
  title: string
  sourceType: Alert['sourceType']
  sourceId: string
}

export interface HeatRow {
  id: string
  lon: number
  lat: number
  /** Persons in zones plus vehicles in the last minute at that camera. */
  weight: number
}

export function cameraRow(camera: CameraView, pushed?: CameraStatus): CameraRow {
  // a pushed status is newer than the list's, unless the list was read after it
  const status = pushed && (!camera.status || pushed.at >= camera.status.at) ? pushed : camera.status
  return {
    id: camera.id,
    name: camera.name,
    district: camera.district,
    lon: camera.lon,
    lat: camera.lat,
    state: status?.state ?? 'unknown',
  }
}

// The metric a station is judged by on the map; other kinds show their first metric, uncoloured.
const colouredMetric: Partial<Record<DeviceKind, string>> = {
  air_quality: 'aqi',
  water_level: 'water_level_cm',
}

export function primaryMetric(device: Pick<Device, 'kind' | 'metrics'>): string {
  const preferred = colouredMetric[device.kind]
  return preferred && device.metrics.includes(preferred) ? preferred : (device.metrics[0] ?? '')
}

export function sensorRow(device: Device, value: number | null): SensorRow {
  return {
    id: device.id,
    name: device.name,
    district: device.district,
    kind: device.kind,
    lon: device.lon,
    lat: device.lat,
    online: device.online,
    metric: primaryMetric(device),
    value,
  }
}

/**
 * The level a station's metric alarms at: the lowest "above" threshold among the enabled rules
 * that target it (the rules engine's own matching), or undefined when no rule watches it.
 */
export function thresholdOf(device: Device, metric: string, rules: readonly Rule[]): number | undefined {
  let lowest: number | undefined
  for (const rule of rules) {
    if (!rule.enabled || rule.kind !== 'threshold') continue
    const { params } = rule
    if (params.metric !== metric || (params.op !== 'gt' && params.op !== 'gte')) continue
    if (!matchesTarget(rule.target, { id: device.id, kind: device.kind, district: device.district })) continue
    lowest = lowest === undefined ? params.value : Math.min(lowest, params.value)
  }
  return lowest
}

/** The flood thresholds of the water-level stations, by station id. */
export function waterThresholds(
  devices: readonly Device[],
  rules: readonly Rule[],
): ReadonlyMap<string, number> {
  const out = new Map<string, number>()
  for (const d of devices) {
    if (d.kind !== 'water_level') continue
    const t = thresholdOf(d, primaryMetric(d), rules)
    if (t !== undefined) out.set(d.id, t)
  }
  return out
}

/** A stable string of a thresholds map, for `updateTriggers`. */
export function thresholdsKey(thresholds: ReadonlyMap<string, number>): string {
  return [...thresholds]
    .map(([id, v]) => `${id}=${v}`)
    .sort()
    .join(',')
}

export interface Place {
  lon: number
  lat: number
}

/** Where an alert is: its camera's or its station's place; null for the platform's own alerts. */
export function alertRow(alert: Alert, places: ReadonlyMap<string, Place>): AlertRow | null {
  if (alert.status !== 'active') return null
  const place = places.get(alert.sourceId)
  if (!place) return null
  return {
    id: alert.id,
    lon: place.lon,
    lat: place.lat,
    severity: alert.severity,
    acknowledged: alert.acknowledged,
    title: alert.title,
    sourceType: alert.sourceType,
    sourceId: alert.sourceId,
  }
}

/** Most severe last, so deck.gl draws it on top. */
export function bySeverityDrawOrder(a: AlertRow, b: AlertRow): number {
  return severityRank[b.severity] - severityRank[a.severity]
}

export function heatRows(kpis: CityKpis | null, places: ReadonlyMap<string, Place>): HeatRow[] {
  if (!kpis) return []
  const weights = new Map<string, number>()
  const add = (id: string, n: number) => weights.set(id, (weights.get(id) ?? 0) + n)
  for (const z of kpis.personsInZones) add(z.cameraId, z.count)
  for (const v of kpis.vehiclesPerMinute) add(v.cameraId, v.count)
  const rows: HeatRow[] = []
  for (const [id, weight] of weights) {
    const place = places.get(id)
    if (place && weight > 0) rows.push({ id, lon: place.lon, lat: place.lat, weight })
  }
  return rows
}

export interface PlaceLabel {
  name: string
  lon: number
  lat: number
  /** Which side of its dots the name goes: left when another district lies close to the east, or none does. */
  side: 'left' | 'right'
}

/** A label per district where the IOC has cameras or stations, beside the middle of them. */
export function placeLabels(points: readonly { district: string; lon: number; lat: number }[]): PlaceLabel[] {
  const sums = new Map<string, { lon: number; lat: number; n: number }>()
  for (const p of points) {
    const s = sums.get(p.district) ?? { lon: 0, lat: 0, n: 0 }
    sums.set(p.district, { lon: s.lon + p.lon, lat: s.lat + p.lat, n: s.n + 1 })
  }
  const centres = [...sums].map(([name, s]) => ({ name, lon: s.lon / s.n, lat: s.lat / s.n }))
  const eastmost = Math.max(...centres.map((c) => c.lon))
  const crowdedEast = (c: { lon: number; lat: number }) =>
    centres.some((o) => o !== c && o.lon > c.lon && o.lon - c.lon < 0.25 && Math.abs(o.lat - c.lat) < 0.1)
  // the coast is to the east: the eastmost name goes inland rather than off the map's edge
  return centres.map((c) => ({ ...c, side: c.lon === eastmost || crowdedEast(c) ? 'left' : 'right' }))
}
