import { formatNumber } from '../../i18n/format.js'
import type { Locale } from '../../i18n/locale.js'

// The catalog writes units in Vietnamese (its KPIs are the province's); English readers get theirs.
const unitsEn: Record<string, string> = { 'điểm (0-1)': 'score (0-1)', hạng: 'rank', điểm: 'points' }

export function unitLabel(locale: Locale, unit: string): string {
  return locale === 'en' ? (unitsEn[unit] ?? unit) : unit
}

/** "72,5%", "0,5808", "31 hạng" / "rank 31": a figure with its unit, as many decimals as it has (4 at most). */
export function formatKpiValue(locale: Locale, value: number, unit: string): string {
  const n = formatNumber(locale, value, { maximumFractionDigits: 4 })
  if (unit === '%') return `${n}%`
  if (unit.startsWith('điểm')) return n // a score reads as a bare number; its unit is on the card
  if (unit === 'hạng') return locale === 'en' ? `#${n}` : `hạng ${n}`
  return `${n} ${unitLabel(locale, unit)}`
}

/** A gap in the KPI's unit: percentage points for a %, else the unit. Always positive. */
export function formatGap(locale: Locale, gap: number, unit: string): string {
  const n = formatNumber(locale, Math.abs(gap), { maximumFractionDigits: 2 })
  if (unit === '%') return locale === 'vi' ? `${n} điểm %` : `${n} pp`
  if (unit === 'hạng') return locale === 'vi' ? `${n} bậc` : `${n} places`
  return `${n} ${unitLabel(locale, unit)}`
}
