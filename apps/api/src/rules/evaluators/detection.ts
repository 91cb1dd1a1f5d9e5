import type { DetectionEvent, DetectionParams } from '@ioc/contracts'

/** Whether a camera's detection event is what the rule looks for; every match is one occurrence. */
export function matchesDetection(params: DetectionParams, event: DetectionEvent): boolean {
  if (event.kind !== params.event) return false
  if (params.zoneId !== undefined) {
    const place = event.kind === 'wrong_way' ? event.lineId : event.zoneId
    if (place !== params.zoneId) return false
  }
  if (params.minCount !== undefined && (event.kind !== 'crowd' || event.count < params.minCount)) return false
  if (
    params.minSeconds !== undefined &&
    (event.kind !== 'vehicle_stopped' || event.seconds < params.minSeconds)
  )
    return false
  return true
}
