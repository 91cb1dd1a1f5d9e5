import type { DetectionFrame, NormalizedPoint } from '@ioc/contracts'
import { isInZone } from '@ioc/vision'

export interface ZoneShape {
  id: string
  points: readonly NormalizedPoint[]
}

const unitFrame = { width: 1, height: 1 }

/**
 * Persons standing in each zone of one frame. A person is in a zone when the bottom-centre of the
 * box (the feet) is: libs/vision's rule, the one the ingest's analytics use, with boxes and zones
 * both normalised 0..1 (a frame of size 1 x 1).
 */
export function personsInZones(frame: DetectionFrame, zones: readonly ZoneShape[]): Map<string, number> {
  const counts = new Map<string, number>(zones.map((z) => [z.id, 0]))
  for (const d of frame.detections) {
    if (d.label !== 'person') continue
    for (const z of zones)
      if (isInZone(d.box, { id: z.id, polygon: z.points }, unitFrame)) counts.set(z.id, counts.get(z.id)! + 1)
  }
  return counts
}
