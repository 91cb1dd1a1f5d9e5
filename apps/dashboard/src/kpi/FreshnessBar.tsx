import { useIsFetching } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../i18n/use-locale.js'
import { useConnectionState } from '../shell/socket/hooks/use-connection-state.js'
import { freshness } from './state/freshness.js'
import { kpiQueryRoot } from './state/kpi-queries.js'
import { useOnline } from '../shell/layout/use-online.js'
import { kpiNs } from './i18n.js'
import { asOfText } from './logic/as-of.js'

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
