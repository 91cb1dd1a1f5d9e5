import { livenessAt, livenessOf, type DeviceStatus } from '@ioc/contracts'

/**
 * Whether an offline rule counts a device offline, from the device's latest status on the retained
 * `ioc/v1/devices/{id}/status` stream (libs/contracts device-status.ts): offline there and silent
 * for longer than the rule's `afterSeconds`. A device never seen is not in service yet: neither
 * offline nor online, null. A rule cannot see a device offline before the ingest does
 * (IOC_DEVICE_OFFLINE_AFTER_S): a shorter `afterSeconds` fires at the ingest's delay.
 */
export function isOffline(
  status: Pick<DeviceStatus, 'online' | 'lastSeen'>,
  now: number,
  afterSeconds: number,
): boolean | null {
  const liveness = livenessOf(status)
  if (liveness !== 'offline') return liveness === 'online' ? false : null
  return livenessAt(Date.parse(status.lastSeen!), now, afterSeconds * 1000) === 'offline'
}
