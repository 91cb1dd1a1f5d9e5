import type { KpiDirection, KpiTarget } from '@ioc/contracts'

// Vietnam has one time zone without daylight saving: periods are Vietnamese calendar periods.
const VN_OFFSET = '+07:00'

/** The first instant of a period ("2025", "2025-Q2", "2025-H2", "2025-06") in Vietnam. */
export function periodStart(period: string): Date {
  const year = period.slice(0, 4)
  const rest = period.slice(5)
  let month = 1
  if (rest.startsWith('Q')) month = (Number(rest.slice(1)) - 1) * 3 + 1
  else if (rest.startsWith('H')) month = rest === 'H2' ? 7 : 1
  else if (rest !== '') month = Number(rest)
  return new Date(`${year}-${String(month).padStart(2, '0')}-01T00:00:00${VN_OFFSET}`)
}

/** The calendar year (in Vietnam) a value belongs to. */
export function yearOf(value: { period: string; ts: Date }): number {
  if (value.period !== '') return Number(value.period.slice(0, 4))
  return new Date(value.ts.getTime() + 7 * 3600_000).getUTCFullYear()
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
