import { periodStart, vietnamYearOf, type KpiDirection, type KpiTarget } from '@ioc/contracts'

/** The calendar year (in Vietnam) a value belongs to. */
export function yearOf(value: { period: string; ts: Date }): number {
  if (value.period !== '') return Number(value.period.slice(0, 4))
  return vietnamYearOf(value.ts)
}

/**
 * The target a value is measured against: the one for its exact period and scope; else the next
 * milestone of the plan at that scope (a 2023 value against the 2025 target); else the last one
 * (the plan's end has passed). null when the plan sets nothing for that scope.
 */
export function targetFor(
  targets: readonly KpiTarget[],
  value: { period: string; ts: Date; scope: string },
): KpiTarget | null {
  const sameScope = targets
    .filter((t) => t.scope === value.scope)
    .sort((a, b) => periodStart(a.period).getTime() - periodStart(b.period).getTime())
  if (sameScope.length === 0) return null
  const exact = sameScope.find((t) => t.period === value.period)
  if (exact) return exact
  const year = yearOf(value)
  return sameScope.find((t) => Number(t.period.slice(0, 4)) >= year) ?? sameScope.at(-1)!
}

/**
 * How far a value is towards its target: 1 means reached. "At most" KPIs (a rank, days to
 * process) invert the ratio: rank 21 against a target of 20 is 20/21.
 */
export function progress(direction: KpiDirection, value: number, target: number): number {
  let ratio: number
  if (direction === 'at_least') ratio = target === 0 ? (value >= 0 ? 1 : 0) : value / target
  else ratio = value <= 0 ? 1 : target / value
  return Math.round(ratio * 10_000) / 10_000
}
