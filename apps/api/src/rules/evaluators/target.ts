import type { TargetSource } from '@ioc/contracts'

// The matching itself is matchesTarget in libs/contracts, shared with the dashboard's map.
export { matchesTarget } from '@ioc/contracts'

/** What rules know of the thing an alert is about: a sensor, a device or a camera. */
export interface SourceInfo extends TargetSource {
  sourceType: 'sensor' | 'camera' | 'device'
  name: string
}
