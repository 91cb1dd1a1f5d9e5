import { useTranslation } from 'react-i18next'
import type { AlertWebhookDelivery } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { consoleNs } from '../i18n.js'

/** Where the alert was sent (its rule's webhook): each delivery, its attempts and how it ended. */
export function WebhookDeliveries({ deliveries }: { deliveries: readonly AlertWebhookDelivery[] }) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  return (
    <ul className="console-webhooks" data-testid="alert-webhooks">
      {deliveries.map((d) => (
        <li key={d.id} className={`console-webhooks__item console-webhooks__item--${d.state}`}>
          <strong>{t(`details.webhook.state.${d.state}`)}</strong> · {t(`details.webhook.event.${d.event}`)} →{' '}
          {d.target}
          <div className="console-muted">
            {t('details.webhook.attempts', { count: d.attempts })}
            {d.lastStatus !== null && ` · HTTP ${d.lastStatus}`}
            {d.lastError && d.lastStatus === null && ` · ${d.lastError}`} ·{' '}
            {formatDateTime(locale, d.updatedAt)}
          </div>
        </li>
      ))}
    </ul>
  )
}
