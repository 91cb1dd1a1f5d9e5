import type { DetectionFrame, NormalizedPoint } from '@ioc/contracts'
import { zoneCounts } from '@ioc/vision'

export interface ZoneShape {
  id: string
  points: readonly NormalizedPoint[]
}

const unitFrame = { width: 1, height: 1 }

/**
 * Persons standing in each zone of one frame, counted by libs/vision's zoneCounts (the rule the
 * ingest's crowd events use), with boxes and zones both normalised 0..1 (a frame of size 1 x 1).
 */
export function personsInZones(frame: DetectionFrame, zones: readonly ZoneShape[]): Map<string, number> {
  const persons = frame.detections.filter((d) => d.label === 'person')
  return zoneCounts(
    persons,
    zones.map((z) => ({ id: z.id, polygon: z.points })),
    unitFrame,
  )
}
