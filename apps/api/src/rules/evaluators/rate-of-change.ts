import type { RateOfChangeParams } from '@ioc/contracts'
import { REPEAT_EVERY_MS, type Verdict } from './threshold.js'

/**
 * A rate measured over less than this, or over less than half the rule's window, extrapolates
 * sensor noise (1 cm of ripple over one minute reads as 1 cm/min), so no decision is taken on it.
 */
export const MIN_SPAN_MS = 60_000
/**
 * Hysteresis: an active alert clears only once the rate is below this share of the rule's rate, so
 * a rise hovering around the limit stays one alert instead of a new one every few readings.
 */
export const CLEAR_FRACTION = 0.5
/** Samples kept per rule and source; beyond it the oldest go first (the window still bounds them). */
export const MAX_SAMPLES = 2_000

export interface RateState {
  samples: { ts: number; value: number }[]
  active: boolean
  lastRaise: number
}

export const initialRateState = (): RateState => ({ samples: [], active: false, lastRaise: 0 })

/** Change per minute between the oldest sample still in the window and the newest; null if too short. */
export function ratePerMinute(
  samples: readonly { ts: number; value: number }[],
  minSpanMs = MIN_SPAN_MS,
): number | null {
  const first = samples[0]
  const last = samples.at(-1)
  if (!first || !last || last.ts - first.ts < Math.max(MIN_SPAN_MS, minSpanMs)) return null
  return ((last.value - first.value) * 60_000) / (last.ts - first.ts)
}

export function evaluateRate(
  params: RateOfChangeParams,
  state: RateState,
  ts: number,
  value: number,
): { verdict: Verdict; rate: number | null } {
  const last = state.samples.at(-1)
  if (last && ts <= last.ts) return { verdict: null, rate: null }
  state.samples.push({ ts, value })
  const from = ts - params.windowSeconds * 1000
  let drop = 0
  while (drop < state.samples.length - 1 && state.samples[drop]!.ts < from) drop++
  drop = Math.max(drop, state.samples.length - MAX_SAMPLES)
  if (drop > 0) state.samples.splice(0, drop)

  const rate = ratePerMinute(state.samples, (params.windowSeconds * 1000) / 2)
  if (rate === null) return { verdict: null, rate }
  // a fall is a rise of the negated value
  const sign = Math.sign(params.deltaPerMinute)
  const firing = rate * sign >= params.deltaPerMinute * sign
  if (!state.active) {
    if (!firing) return { verdict: null, rate }
    state.active = true
    state.lastRaise = ts
    return { verdict: 'raise', rate }
  }
  if (rate * sign < params.deltaPerMinute * sign * CLEAR_FRACTION) {
    state.active = false
    return { verdict: 'clear', rate }
  }
  if (ts - state.lastRaise >= REPEAT_EVERY_MS) {
    state.lastRaise = ts
    return { verdict: 'raise', rate }
  }
  return { verdict: null, rate }
}
