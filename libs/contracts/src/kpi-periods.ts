// A plan's periods ("2025", "2025-Q2", "2025-H2", "2025-06", periodSchema) as Vietnamese calendar
// periods: one time zone, no daylight saving. The api measures a value against the target of its
// period with these, the KPI screen says when a target is due with the same.
const VN_OFFSET_MS = 7 * 3600_000

/** First month (1-12) and length in months of a period. */
function periodParts(period: string): { year: number; month: number; months: number } {
  const year = Number(period.slice(0, 4))
  const rest = period.slice(5)
  if (rest.startsWith('Q')) return { year, month: (Number(rest.slice(1)) - 1) * 3 + 1, months: 3 }
  if (rest.startsWith('H')) return { year, month: rest === 'H2' ? 7 : 1, months: 6 }
  if (rest !== '') return { year, month: Number(rest), months: 1 }
  return { year, month: 1, months: 12 }
}

/** The first instant of the period, in Vietnam. */
export function periodStart(period: string): Date {
  const { year, month } = periodParts(period)
  return new Date(Date.UTC(year, month - 1, 1) - VN_OFFSET_MS)
}

/** The first instant after the period, in Vietnam: when its target is due. */
export function periodEnd(period: string): Date {
  const { year, month, months } = periodParts(period)
  return new Date(Date.UTC(year, month - 1 + months, 1) - VN_OFFSET_MS)
}

/** The calendar year, in Vietnam, of an instant. */
export function vietnamYearOf(at: Date): number {
  return new Date(at.getTime() + VN_OFFSET_MS).getUTCFullYear()
}
