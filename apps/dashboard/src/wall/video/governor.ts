// The stream governor's rules: which tiles stream, when a failed tile tries again, when a player
// that has run long is replaced. Browsers leak in long-running MSE players (flv.js #770,
// mpegts.js #185), so every player is torn down and rebuilt on a schedule, tiles staggered so
// that the wall never blanks all at once.

export interface TileConditions {
  /** The tile intersects the viewport (IntersectionObserver). */
  onScreen: boolean
  /** The page is visible (document.visibilityState). */
  pageVisible: boolean
  /** The camera is known not to send video (camera:status offline). */
  cameraOffline: boolean
  /** The tile's last failure, if it has not played since. */
  failure: { attempts: number; at: number } | null
}

export type StreamDecision =
  | { kind: 'stream' }
  | { kind: 'idle'; why: 'off_screen' | 'page_hidden' | 'camera_offline' }
  | { kind: 'backoff'; retryAt: number }

export const retryBaseMs = 1000
export const retryMaxMs = 30_000

/** Wait before attempt `attempts + 1`: doubling from 1 s up to 30 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1))
}

export function decideStream(c: TileConditions, now: number): StreamDecision {
  if (!c.pageVisible) return { kind: 'idle', why: 'page_hidden' }
  if (!c.onScreen) return { kind: 'idle', why: 'off_screen' }
  if (c.cameraOffline) return { kind: 'idle', why: 'camera_offline' }
  if (c.failure) {
    const retryAt = c.failure.at + retryDelayMs(c.failure.attempts)
    if (now < retryAt) return { kind: 'backoff', retryAt }
  }
  return { kind: 'stream' }
}

export const recyclePeriodMs = 30 * 60_000

/**
 * How long the player of the tile at `index` of `count` lives before it is rebuilt: between one
 * and one and a half periods, spread over the tiles, so recycles of a full wall come one at a time.
 */
export function playerLifetimeMs(index: number, count: number, periodMs = recyclePeriodMs): number {
  const spread = count > 1 ? (index % count) / count : 0
  return Math.round(periodMs * (1 + spread / 2))
}

/**
 * A player that has not shown a new frame for this long is stuck (a stalled connection that
 * never errors): treated as a failure.
 */
export const stallMs = 8000

export type FailureKind = 'stalled' | 'no_video' | 'network' | 'media' | 'other'

/** What an operator is told about a failure: the player's own reasons, or mpegts.js' error types. */
export function failureKind(reason: string): FailureKind {
  if (reason === 'stalled' || reason === 'no_video') return reason
  if (reason.startsWith('NetworkError')) return 'network'
  if (reason.startsWith('MediaError')) return 'media'
  return 'other'
}
