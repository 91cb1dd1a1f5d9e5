// Restart delays: exponential so a dead camera costs little, with jitter so that cameras behind one
// switch that reboots do not all reconnect in the same instant. Pure (the random source is given).

export interface BackoffOptions {
  baseMs: number
  maxMs: number
  /** 0.2 spreads each delay over ±20 %. */
  jitter: number
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 0.2 }

/** The delay before attempt `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options = defaultBackoff, random = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(exp * (1 - options.jitter + 2 * options.jitter * random()))
}
