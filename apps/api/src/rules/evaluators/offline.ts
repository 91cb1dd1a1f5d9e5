/**
 * Whether a device counts as offline: silent for longer than `afterSeconds`. A device that never
 * reported (no last seen) is not in service yet, so it is neither offline nor online: null.
 */
export function isOffline(lastSeen: Date | null, now: number, afterSeconds: number): boolean | null {
  if (lastSeen === null) return null
  return now - lastSeen.getTime() > afterSeconds * 1000
}
