import type { TFunction } from 'i18next'
import { formatNumber } from '../../i18n/format.js'
import type { Locale } from '../../i18n/locale.js'
import type { kpiNs } from '../i18n.js'

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

/**
 * "thiếu 17,5 điểm %" / "17.5 pp short", "1 place short": how far a unit is from its target, in
 * percentage points for a %, places for a rank, else the unit; always positive. `t` is the KPI
 * namespace's (its `gap.*` messages, i18next plurals).
 */
export function formatGap(t: TFunction<typeof kpiNs>, locale: Locale, gap: number, unit: string): string {
  const count = Math.abs(gap)
  const n = formatNumber(locale, count, { maximumFractionDigits: 2 })
  if (unit === '%') return t('gap.pp', { n })
  if (unit === 'hạng') return t('gap.places', { n, count })
  return t('gap.unit', { n, unit: unitLabel(locale, unit) })
}
