import { formatAgo } from '../i18n/format.js'
import type { Locale } from '../i18n/locale.js'

/**
 * "3 phút trước", never "sau 2 giây nữa": the clock a row reads is refreshed every few seconds,
 * so a change that arrived since reads as just now rather than as in the future.
 */
export function agoText(locale: Locale, at: string, now: Date): string {
  return formatAgo(locale, at, new Date(Math.max(now.getTime(), Date.parse(at))))
}
