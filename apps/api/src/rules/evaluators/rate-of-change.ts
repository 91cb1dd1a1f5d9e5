import type { RateOfChangeParams } from '@ioc/contracts'
import { REPEAT_EVERY_MS, type Verdict } from './threshold.js'

/** A rate measured over less than this extrapolates sensor noise, so no decision is taken on it. */
export const MIN_SPAN_MS = 60_000
/** Samples kept per rule and source; beyond it the oldest go first (the window still bounds them). */
export const MAX_SAMPLES = 2_000

export interface RateState {
  samples: { ts: number; value: number }[]
  active: boolean
  lastRaise: number
}

export const initialRateState = (): RateState => ({ samples: [], active: false, lastRaise: 0 })

/** Change per minute between the oldest sample still in the window and the newest; null if too short. */
export function ratePerMinute(samples: readonly { ts: number; value: number }[]): number | null {
  const first = samples[0]
  const last = samples.at(-1)
  if (!first || !last || last.ts - first.ts < MIN_SPAN_MS) return null
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

  const rate = ratePerMinute(state.samples)
  if (rate === null) return { verdict: null, rate }
  const firing = params.deltaPerMinute > 0 ? rate >= params.deltaPerMinute : rate <= params.deltaPerMinute
  if (!state.active) {
    if (!firing) return { verdict: null, rate }
    state.active = true
    state.lastRaise = ts
    return { verdict: 'raise', rate }
  }
  if (!firing) {
    state.active = false
    return { verdict: 'clear', rate }
  }
  if (ts - state.lastRaise >= REPEAT_EVERY_MS) {
    state.lastRaise = ts
    return { verdict: 'raise', rate }
  }
  return { verdict: null, rate }
}
