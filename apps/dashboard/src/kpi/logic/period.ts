import type { Locale } from '../../i18n/locale.js'

// Plans count in Vietnamese calendar periods (one time zone, no daylight saving), as the api does
// when it measures a value against the target of its period (apps/api/src/kpis/kpi-progress.ts).
const VN_OFFSET_MS = 7 * 3600_000

/** First month (1-12) and length in months of "2025", "2025-Q2", "2025-H2", "2025-06". */
function parts(period: string): { year: number; month: number; months: number } {
  const year = Number(period.slice(0, 4))
  const rest = period.slice(5)
  if (rest.startsWith('Q')) return { year, month: (Number(rest.slice(1)) - 1) * 3 + 1, months: 3 }
  if (rest.startsWith('H')) return { year, month: rest === 'H2' ? 7 : 1, months: 6 }
  if (rest !== '') return { year, month: Number(rest), months: 1 }
  return { year, month: 1, months: 12 }
}

/** The first instant after the period, in Vietnam: when its target is due. */
export function periodEnd(period: string): Date {
  const { year, month, months } = parts(period)
  return new Date(Date.UTC(year, month - 1 + months, 1) - VN_OFFSET_MS)
}

/** "2025", "Quý 2/2025" / "Q2 2025", "6 tháng cuối 2025" / "H2 2025", "06/2025". */
export function formatPeriod(locale: Locale, period: string): string {
  const year = period.slice(0, 4)
  const rest = period.slice(5)
  if (rest === '') return year
  if (rest.startsWith('Q')) return locale === 'vi' ? `Quý ${rest.slice(1)}/${year}` : `${rest} ${year}`
  if (rest.startsWith('H'))
    return locale === 'vi' ? `6 tháng ${rest === 'H1' ? 'đầu' : 'cuối'} ${year}` : `${rest} ${year}`
  return `${rest}/${year}`
}
