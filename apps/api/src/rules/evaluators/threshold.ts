import type { ThresholdOp, ThresholdParams } from '@ioc/contracts'

/** While the condition keeps holding, the active alert is refreshed (last seen, count) this often. */
export const REPEAT_EVERY_MS = 60_000

export interface ThresholdState {
  /** When the condition started to hold without interruption; null while it does not. */
  since: number | null
  active: boolean
  lastRaise: number
  lastTs: number
}

export const initialThresholdState = (): ThresholdState => ({
  since: null,
  active: false,
  lastRaise: 0,
  lastTs: Number.NEGATIVE_INFINITY,
})

export type Verdict = 'raise' | 'clear' | null

export function breaches(op: ThresholdOp, value: number, threshold: number): boolean {
  switch (op) {
    case 'gt':
      return value > threshold
    case 'gte':
      return value >= threshold
    case 'lt':
      return value < threshold
    case 'lte':
      return value <= threshold
  }
}

/** Back on the safe side by at least the hysteresis: only then does an active alert clear. */
export function recovered(op: ThresholdOp, value: number, threshold: number, hysteresis: number): boolean {
  switch (op) {
    case 'gt':
      return value <= threshold - hysteresis
    case 'gte':
      return value < threshold - hysteresis
    case 'lt':
      return value >= threshold + hysteresis
    case 'lte':
      return value > threshold + hysteresis
  }
}

/**
 * One observation through a threshold rule. Raises once the condition has held for `forSeconds`
 * (measured on the observations' own timestamps, so a replayed backlog behaves like live data),
 * refreshes the alert every REPEAT_EVERY_MS while it holds, clears past the hysteresis band.
 * Observations older than the last one seen are ignored: they cannot tell us about now.
 */
export function evaluateThreshold(
  params: ThresholdParams,
  state: ThresholdState,
  ts: number,
  value: number,
): Verdict {
  if (ts < state.lastTs) return null
  state.lastTs = ts
  const breach = breaches(params.op, value, params.value)
  if (!state.active) {
    if (!breach) {
      state.since = null
      return null
    }
    state.since ??= ts
    if (ts - state.since < params.forSeconds * 1000) return null
    state.active = true
    state.lastRaise = ts
    return 'raise'
  }
  if (recovered(params.op, value, params.value, params.hysteresis)) {
    state.active = false
    state.since = null
    return 'clear'
  }
  if (breach && ts - state.lastRaise >= REPEAT_EVERY_MS) {
    state.lastRaise = ts
    return 'raise'
  }
  return null
}
