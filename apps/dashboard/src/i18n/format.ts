import type { Locale } from './locale.js'

// Vietnamese numbers read 1.234,5 and dates 01/12/2026; English follows British usage (day first),
// which operators trained on either language read the same way.
const intlLocale: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' }
const timeZone = 'Asia/Ho_Chi_Minh'

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>()
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined
  if (!f) cache.set(key, (f = make()))
  return f
}

export function formatNumber(locale: Locale, value: number, options: Intl.NumberFormatOptions = {}): string {
  const key = `n|${locale}|${JSON.stringify(options)}`
  return cached(key, () => new Intl.NumberFormat(intlLocale[locale], options)).format(value)
}

export function formatPercent(locale: Locale, ratio: number, fractionDigits = 0): string {
  return formatNumber(locale, ratio, {
    style: 'percent',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  })
}

// vi-VN's own "short" style writes 2/12/26; officials write 02/12/2026, so the parts are spelled out.
const dateTimeDefaults: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
}

/** Province time, whatever the clock of the machine showing it. */
export function formatDateTime(
  locale: Locale,
  at: Date | string,
  options?: Intl.DateTimeFormatOptions,
): string {
  const opts = options ?? dateTimeDefaults
  const key = `d|${locale}|${JSON.stringify(opts)}`
  return cached(key, () => new Intl.DateTimeFormat(intlLocale[locale], { timeZone, ...opts })).format(
    typeof at === 'string' ? new Date(at) : at,
  )
}

export function formatTime(locale: Locale, at: Date | string): string {
  return formatDateTime(locale, at, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

/** "3 phút trước" / "3 minutes ago", in the largest unit that fits. */
export function formatAgo(locale: Locale, at: Date | string, now: Date = new Date()): string {
  const seconds = Math.round(
    ((typeof at === 'string' ? Date.parse(at) : at.getTime()) - now.getTime()) / 1000,
  )
  const rtf = cached(
    `r|${locale}`,
    () => new Intl.RelativeTimeFormat(intlLocale[locale], { numeric: 'auto' }),
  )
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86_400), 'day')
}
