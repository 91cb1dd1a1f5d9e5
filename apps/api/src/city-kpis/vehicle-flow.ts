import type { CityKpis } from '@ioc/contracts'

/** COCO classes that are traffic; persons crossing a count line are not vehicles. */
export const VEHICLE_LABELS: ReadonlySet<string> = new Set(['bicycle', 'car', 'motorcycle', 'bus', 'truck'])
const MINUTE_MS = 60_000

/** A per-minute count row as the ingest writes it (detection_counts). */
export interface MinuteCount {
  cameraId: string
  label: string
  /** '' for objects seen without crossing a line. */
  direction: string
  ts: Date
  count: number
}

/**
 * Vehicles that crossed each count line direction in the last complete minute before `now`. The
 * minute in progress is left out: its count grows until it ends, so it would read as a slowdown.
 * A (camera, direction) that had crossings in the minute before but none in the last reads 0.
 */
export function vehiclesPerMinute(rows: readonly MinuteCount[], now: Date): CityKpis['vehiclesPerMinute'] {
  const last = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - MINUTE_MS
  const flows = new Map<string, CityKpis['vehiclesPerMinute'][number]>()
  for (const r of rows) {
    const minute = r.ts.getTime()
    if (r.direction === '' || !VEHICLE_LABELS.has(r.label) || minute > last || minute < last - MINUTE_MS)
      continue
    const key = `${r.cameraId}\u0000${r.direction}`
    const flow = flows.get(key) ?? {
      cameraId: r.cameraId,
      direction: r.direction,
      minute: new Date(last).toISOString(),
      count: 0,
    }
    if (minute === last) flow.count += r.count
    flows.set(key, flow)
  }
  return [...flows.values()].sort(
    (a, b) => a.cameraId.localeCompare(b.cameraId) || a.direction.localeCompare(b.direction, 'vi'),
  )
}
