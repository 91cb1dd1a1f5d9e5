import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatAgo } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useAlerts } from '../../shell/socket/hooks/use-alerts.js'
import { severityColors, toCss } from '../map/colors.js'
import { alertsWallNs } from './i18n.js'
import { tickerAlerts } from './popup-logic.js'
import { placeOf, useAlertSources } from './use-alert-sources.js'
import './alerts.css'

/** Ages are read every 15 s: enough for "3 phút trước", cheap on a wall that runs for days. */
export function useNow(everyMs = 15_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), everyMs)
    return () => clearInterval(id)
  }, [everyMs])
  return now
}

/** The active alerts in one line, most severe first; it scrolls when they do not fit. */
export function AlertTicker() {
  const { t } = useTranslation(alertsWallNs)
  const { locale } = useLocale()
  const { alerts, seq } = useAlerts()
  const sources = useAlertSources()
  const now = useNow()
  const active = useMemo(() => tickerAlerts(alerts), [alerts])

  if (seq === null && alerts.length === 0)
    return (
      <div className="alert-ticker alert-ticker--empty" data-testid="alert-ticker">
        {t('loading')}
      </div>
    )
  if (active.length === 0)
    return (
      <div className="alert-ticker alert-ticker--empty" data-testid="alert-ticker">
        {t('none')}
      </div>
    )

  const items = (copy: boolean) =>
    active.map((a) => (
      <li
        key={`${copy ? 'copy-' : ''}${a.id}`}
        aria-hidden={copy || undefined}
        className="alert-ticker__item"
        data-severity={a.severity}
        data-alert-id={a.id}
      >
        <span className="alert-ticker__sev" style={{ background: toCss(severityColors[a.severity]) }}>
          {t(`severity.${a.severity}`)}
        </span>
        <span className={`alert-ticker__title${a.acknowledged ? '' : ' alert-ticker__title--new'}`}>
          {t(`sub.${a.subCategory}`)}
        </span>
        <span className="alert-ticker__detail">{a.title}</span>
        <span className="alert-ticker__place">{placeOf(a, sources) || t('wholeProvince')}</span>
        <span className="alert-ticker__age">{formatAgo(locale, a.firstSeen, now)}</span>
      </li>
    ))
  // more than fit: the list runs twice in a loop, at a pace that keeps each item readable
  const scrolling = active.length > 3
  return (
    <div className="alert-ticker" data-testid="alert-ticker" aria-label={t('ticker')}>
      <div className="alert-ticker__label">{t('ticker')}</div>
      <div className="alert-ticker__viewport">
        <ul
          className={`alert-ticker__track${scrolling ? ' alert-ticker__track--scroll' : ''}`}
          style={scrolling ? { animationDuration: `${active.length * 8}s` } : undefined}
        >
          {items(false)}
          {scrolling && items(true)}
        </ul>
      </div>
    </div>
  )
}
