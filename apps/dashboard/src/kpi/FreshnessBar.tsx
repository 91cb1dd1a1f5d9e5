import { useIsFetching } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../i18n/format.js'
import { useLocale } from '../i18n/use-locale.js'
import type { Locale } from '../i18n/locale.js'
import { useConnectionState } from '../shell/socket/hooks/use-connection-state.js'
import { freshness } from './state/freshness.js'
import { kpiQueryRoot } from './state/kpi-queries.js'
import { useOnline } from './state/use-online.js'
import { kpiNs } from './i18n.js'

/** HH:MM today, with the date on another day: "figures as of" must not pass yesterday for today. */
export function asOfText(locale: Locale, at: number, now = Date.now()): string {
  const day = (t: number) =>
    formatDateTime(locale, new Date(t), { day: '2-digit', month: '2-digit', year: 'numeric' })
  const time = formatDateTime(locale, new Date(at), { hour: '2-digit', minute: '2-digit', hour12: false })
  return day(at) === day(now) ? time : `${time} ${day(at)}`
}

/** Under the header: live, catching up, or offline with the time of the figures on screen. */
export function FreshnessBar({ asOf }: { asOf: number }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const connection = useConnectionState()
  const online = useOnline()
  const fetching = useIsFetching({ queryKey: [kpiQueryRoot] }) > 0
  const f = freshness({ online, connection: connection.kind, asOf, fetching })
  if (f.kind === 'loading') return null
  const text =
    f.kind === 'offline'
      ? f.asOf === null
        ? t('freshness.offlineNever')
        : t('freshness.offline', { time: asOfText(locale, f.asOf) })
      : f.kind === 'connecting'
        ? t('freshness.connecting', { time: asOfText(locale, f.asOf) })
        : f.kind === 'catching-up'
          ? t('freshness.catchingUp')
          : t('freshness.live', { time: asOfText(locale, f.asOf) })
  return (
    <p
      className={`kpi-freshness kpi-freshness--${f.kind}`}
      role="status"
      data-testid="kpi-freshness"
      data-state={f.kind}
    >
      <span className="kpi-freshness__dot" aria-hidden="true" />
      {text}
    </p>
  )
}
