import { formatDateTime } from '../../i18n/format.js'
import type { Locale } from '../../i18n/locale.js'

/** HH:MM today, with the date on another day: "figures as of" must not pass yesterday for today. */
export function asOfText(locale: Locale, at: number, now = Date.now()): string {
  const day = (t: number) =>
    formatDateTime(locale, new Date(t), { day: '2-digit', month: '2-digit', year: 'numeric' })
  const time = formatDateTime(locale, new Date(at), { hour: '2-digit', minute: '2-digit', hour12: false })
  return day(at) === day(now) ? time : `${time} ${day(at)}`
}
