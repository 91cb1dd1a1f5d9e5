import { periodEnd, type KpiDirection, type KpiValueView } from '@ioc/contracts'

/** What a leader reads first on a KPI's card. */
export type KpiStatus = 'achieved' | 'on_track' | 'behind' | 'no_target' | 'no_data'

/**
 * The one rule for a KPI's status (docs/architecture.md, dashboard):
 * - no value yet: `no_data`; a value the plan sets no target for: `no_target`;
 * - the target reached (the api's progress >= 1): `achieved`;
 * - not reached and the target's period is over: `behind`;
 * - not reached, still time: `on_track` when the pace of the last two values of the same area
 *   (straight line) reaches the target by the end of its period, else `behind`. With a single value
 *   the pace is unknown, and a leader is better told `behind` than reassured without evidence.
 */
export function kpiStatus(
  direction: KpiDirection,
  latest: KpiValueView | null,
  /** Values of any areas and periods; those of the latest's scope and area give the pace. */
  history: readonly KpiValueView[],
  now: Date,
): KpiStatus {
  if (!latest) return 'no_data'
  if (!latest.target || latest.progress === null) return 'no_target'
  if (latest.progress >= 1) return 'achieved'
  const due = periodEnd(latest.target.period).getTime()
  if (due <= now.getTime()) return 'behind'
  const latestAt = Date.parse(latest.ts)
  const previous = history
    .filter((v) => v.area === latest.area && v.scope === latest.scope && Date.parse(v.ts) < latestAt)
    .sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))[0]
  if (!previous) return 'behind'
  const perMs = (latest.value - previous.value) / (latestAt - Date.parse(previous.ts))
  const projected = latest.value + perMs * (due - latestAt)
  return reaches(direction, projected, latest.target.value) ? 'on_track' : 'behind'
}

function reaches(direction: KpiDirection, value: number, target: number): boolean {
  return direction === 'at_least' ? value >= target : value <= target
}

/**
 * How far a value is from its target, in the KPI's unit (percentage points for a %): positive when
 * short of it, whichever way the KPI counts (a rank of 31 against a target of 20 is 11 short).
 */
export function gapToTarget(direction: KpiDirection, value: number, target: number): number {
  return direction === 'at_least' ? target - value : value - target
}
