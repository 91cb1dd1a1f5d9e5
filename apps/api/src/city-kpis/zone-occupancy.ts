import type { DetectionFrame, NormalizedPoint } from '@ioc/contracts'

export interface ZoneShape {
  id: string
  points: readonly NormalizedPoint[]
}

/** Ray casting; a point exactly on an edge may land on either side, which a count can live with. */
function inside([x, y]: readonly [number, number], polygon: readonly NormalizedPoint[]): boolean {
  let hit = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!
    const [xj, yj] = polygon[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit
  }
  return hit
}

/**
 * Persons standing in each zone of one frame. A person is in a zone when the bottom-centre of the
 * box (the feet) is, Frigate's rule and the ingest's; boxes and zones are both normalised 0..1.
 */
export function personsInZones(frame: DetectionFrame, zones: readonly ZoneShape[]): Map<string, number> {
  const counts = new Map<string, number>(zones.map((z) => [z.id, 0]))
  for (const d of frame.detections) {
    if (d.label !== 'person') continue
    const feet = [(d.box[0] + d.box[2]) / 2, d.box[3]] as const
    for (const z of zones) if (inside(feet, z.points)) counts.set(z.id, counts.get(z.id)! + 1)
  }
  return counts
}
