import { formatNumber } from '../../i18n/format.js'
import type { Locale } from '../../i18n/locale.js'

/** A mean time as people say it: "45 giây", "12 phút", "3,5 giờ"; null when there is none. */
export function durationText(locale: Locale, seconds: number | null): string | null {
  if (seconds === null) return null
  const [value, unit]: [number, 's' | 'min' | 'h'] =
    seconds < 90 ? [seconds, 's'] : seconds < 90 * 60 ? [seconds / 60, 'min'] : [seconds / 3600, 'h']
  const digits = unit === 'h' && value < 10 ? 1 : 0
  const words = locale === 'vi' ? { s: 'giây', min: 'phút', h: 'giờ' } : { s: 's', min: 'min', h: 'h' }
  return `${formatNumber(locale, value, { maximumFractionDigits: digits })} ${words[unit]}`
}
