import { useTranslation } from 'react-i18next'
import { textIn, type Alert } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { agoText } from '../ago.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import type { AlertSources } from '../../wall/alerts/use-alert-sources.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'
import { CameraSource } from './CameraSource.js'
import { Comments } from './Comments.js'
import { RelatedAlerts } from './RelatedAlerts.js'
import { SensorChart } from './SensorChart.js'
import { SourceMap } from './SourceMap.js'
import { Timeline } from './Timeline.js'
import { WebhookDeliveries } from './WebhookDeliveries.js'
import { useAlertDetail } from './use-alert-detail.js'

export interface DetailsPaneProps {
  alert: Alert | null
  place: string
  labels: AlertLabels
  sources: AlertSources
  all: readonly Alert[]
  onPick: (id: string) => void
  onFilterSource: (sourceId: string) => void
  /** Null when the user may not comment on this alert. */
  onComment: ((text: string) => void) | null
  sending: boolean
}

/** The chosen alert: facts, timeline, comments, its source's evidence, its place, related alerts. */
export function DetailsPane(props: DetailsPaneProps) {
  const { t } = useTranslation(consoleNs)
  if (!props.alert)
    return (
      <aside
        className="console-details console-details--none"
        aria-label={t('details.title')}
        data-testid="alert-details"
      >
        <p className="console-muted">{t('details.none')}</p>
      </aside>
    )
  return <Details {...props} alert={props.alert} />
}

function Details({
  alert,
  place,
  labels,
  sources,
  all,
  onPick,
  onFilterSource,
  onComment,
  sending,
}: DetailsPaneProps & { alert: Alert }) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const now = useNow(15_000)
  const detail = useAlertDetail(alert)
  const events = detail.data?.events ?? []
  const where =
    sources.cameras.get(alert.sourceId) ??
    (alert.sourceType !== 'system' ? sources.devices.get(alert.sourceId) : undefined)
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
          {formatDateTime(locale, alert.firstSeen)} · {agoText(locale, alert.firstSeen, now)}
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
      {alert.description && <p className="console-details__desc">{textIn(alert.description, locale)}</p>}

      <Section title={t('details.sourceSection')}>
        {alert.sourceType === 'camera' ? (
          <CameraSource alert={alert} sources={sources} />
        ) : alert.sourceType === 'sensor' ? (
          <SensorChart alert={alert} />
        ) : null}
        {where && <SourceMap lon={where.lon} lat={where.lat} />}
      </Section>

      <Section title={t('details.timeline')}>
        {detail.isPending ? (
          <p className="console-muted">{t('details.timelineLoading')}</p>
        ) : detail.error ? (
          <p className="console-actions__error">
            {t('details.timelineFailed', { reason: detail.error.message })}
          </p>
        ) : (
          <Timeline events={events} />
        )}
      </Section>

      {(detail.data?.webhooks.length ?? 0) > 0 && (
        <Section title={t('details.webhooks')}>
          <WebhookDeliveries deliveries={detail.data!.webhooks} />
        </Section>
      )}

      <Section title={t('details.comments')}>
        <Comments events={events} onComment={onComment} sending={sending} />
      </Section>

      <Section title={t('details.related')}>
        <RelatedAlerts
          alert={alert}
          all={all}
          labels={labels}
          onPick={onPick}
          onFilterSource={onFilterSource}
        />
      </Section>
    </aside>
  )
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="console-details__section">
      <h3 className="console-details__section-title">{title}</h3>
      {children}
    </section>
  )
}
