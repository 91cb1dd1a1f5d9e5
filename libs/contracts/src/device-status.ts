// When a device is online, offline or never seen: the one definition of the project.
//
// The ingest hears the readings, so it alone decides: a device is online once heard, offline after
// IOC_DEVICE_OFFLINE_AFTER_S of silence (receive time, not the readings' own), and each transition
// is published, retained, as a `deviceStatusSchema` message on `ioc/v1/devices/{id}/status`
// (streams.deviceStatus). The api's offline rules read that stream (rules-input.ts), not the
// devices table, so a rule and the ingest never disagree on who is offline.

/**
 * - `online`: heard within the offline delay;
 * - `offline`: heard once, silent since for longer than the delay;
 * - `never_seen`: registered but never heard: not in service yet. It is not online (the devices
 *   list and the wall's sensors-online share count it as not online), and not offline either: no
 *   offline alert is raised for a station that was never installed.
 */
export type DeviceLiveness = 'online' | 'offline' | 'never_seen'

/** What a status message (or a devices row: `online`, `lastSeen`) says of its device. */
export function livenessOf(status: { online: boolean; lastSeen: string | Date | null }): DeviceLiveness {
  if (status.online) return 'online'
  return status.lastSeen === null ? 'never_seen' : 'offline'
}

/**
 * The ingest's rule, at `now` (epoch ms), for a device last heard at `lastSeen` (epoch ms, null
 * when never): silent strictly longer than `offlineAfterMs` is offline.
 */
export function livenessAt(lastSeen: number | null, now: number, offlineAfterMs: number): DeviceLiveness {
  if (lastSeen === null) return 'never_seen'
  return now - lastSeen > offlineAfterMs ? 'offline' : 'online'
}
