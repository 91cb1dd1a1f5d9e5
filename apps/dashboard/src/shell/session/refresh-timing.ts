/** Refresh this long before the access token expires, at most; a fifth of what is left for short tokens. */
export const MAX_REFRESH_MARGIN_MS = 2 * 60_000

/** When to refresh a token expiring at `expiresAtMs`, judged at `nowMs` (just after receiving it). */
export function refreshAt(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs
  const margin = Math.min(MAX_REFRESH_MARGIN_MS, Math.max(1000, left / 5))
  return Math.max(nowMs, expiresAtMs - margin)
}

/** A token this close to its end is refreshed before a request rather than sent and refused. */
export const EXPIRING_SOON_MS = 10_000

/** After a refresh failed for a transient reason (network, api restarting): try again in... */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.min(failures, 5))
}
