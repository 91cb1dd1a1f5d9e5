import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { formatAgo, formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'

export interface DetailsPaneProps {
  alert: Alert | null
  place: string
  labels: AlertLabels
}

/** The chosen alert: what, where, when, its state. */
export function DetailsPane({ alert, place, labels }: DetailsPaneProps) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const now = useNow(15_000)
  if (!alert)
    return (
      <aside
        className="console-details console-details--none"
        aria-label={t('details.title')}
        data-testid="alert-details"
      >
        <p className="console-muted">{t('details.none')}</p>
      </aside>
    )
  return (
    <aside
      className="console-details"
      aria-label={t('details.title')}
      data-testid="alert-details"
      data-alert-id={alert.id}
    >
      <header className="console-details__head">
        <span className={`console-sev console-sev--${alert.severity}`}>
          {labels.facet('severity', alert.severity)}
        </span>
        <h2 className="console-details__title">{labels.facet('subCategory', alert.subCategory)}</h2>
      </header>
      <p className="console-details__text">{alert.title}</p>
      <dl className="console-facts">
        <dt>{t('details.place')}</dt>
        <dd>{place || t('wholeProvince')}</dd>
        <dt>{t('details.source')}</dt>
        <dd>
          {labels.facet('sourceType', alert.sourceType)} · <code>{alert.sourceId}</code>
        </dd>
        <dt>{t('details.firstSeen')}</dt>
        <dd>
          {formatDateTime(locale, alert.firstSeen)} · {formatAgo(locale, alert.firstSeen, now)}
        </dd>
        <dt>{t('details.lastSeen')}</dt>
        <dd>
          {formatDateTime(locale, alert.lastSeen)}
          {alert.count > 1 && ` · ${t('row.count', { count: alert.count })}`}
        </dd>
        <dt>{t('details.state')}</dt>
        <dd data-testid="details-state">
          {labels.facet('status', alert.status)} ·{' '}
          {alert.acknowledged ? t('row.ackBy', { user: alert.ackBy ?? '?' }) : t('row.unacknowledged')}
        </dd>
        <dt>{t('details.assignee')}</dt>
        <dd>{alert.assignee ?? t('details.nobody')}</dd>
      </dl>
      {alert.description && <p className="console-details__desc">{alert.description}</p>}
    </aside>
  )
}
