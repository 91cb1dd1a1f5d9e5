import type { Locale } from '../../i18n/locale.js'

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
