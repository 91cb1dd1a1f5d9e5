import type { TargetSelector } from '@ioc/contracts'

/** What rules know of the thing an alert is about: a sensor, a device or a camera. */
export interface SourceInfo {
  sourceType: 'sensor' | 'camera' | 'device'
  id: string
  name: string
  /** The device kind (air_quality, ...) or the camera kind (traffic, security). */
  kind: string | null
  district: string | null
}

/** Absent fields do not filter; present ones must all match (see targetSelectorSchema). */
export function matchesTarget(target: TargetSelector, source: SourceInfo): boolean {
  if (target.sourceIds && !target.sourceIds.includes(source.id)) return false
  if (target.deviceKinds && !(target.deviceKinds as readonly string[]).includes(source.kind ?? ''))
    return false
  if (target.districts && !target.districts.includes(source.district ?? '')) return false
  return true
}
