import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { agoText } from '../ago.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'

const DAY_MS = 24 * 3_600_000

/** Other alerts of the same source changed in the last 24 hours, newest first. */
export function relatedAlerts(alert: Alert, all: readonly Alert[], now: number): Alert[] {
  return all
    .filter(
      (a) => a.id !== alert.id && a.sourceId === alert.sourceId && now - Date.parse(a.lastSeen) <= DAY_MS,
    )
    .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
}

export function RelatedAlerts({
  alert,
  all,
  labels,
  onPick,
  onFilterSource,
}: {
  alert: Alert
  all: readonly Alert[]
  labels: AlertLabels
  onPick: (id: string) => void
  onFilterSource: (sourceId: string) => void
}) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const now = useNow(60_000)
  const related = useMemo(() => relatedAlerts(alert, all, now.getTime()), [alert, all, now])
  return (
    <div className="console-related" data-testid="related-alerts">
      {related.length === 0 ? (
        <p className="console-muted">{t('details.noRelated')}</p>
      ) : (
        <ul className="console-related__list">
          {related.slice(0, 20).map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="console-related__item"
                onClick={() => onPick(a.id)}
                data-alert-id={a.id}
              >
                <span className={`console-sev console-sev--${a.severity}`}>
                  {labels.facet('severity', a.severity)}
                </span>
                <span className="console-related__what">{labels.facet('subCategory', a.subCategory)}</span>
                <span className="console-related__when">
                  {labels.facet('status', a.status)} · {agoText(locale, a.lastSeen, now)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="console-button" onClick={() => onFilterSource(alert.sourceId)}>
        {t('details.allFromSource')}
      </button>
    </div>
  )
}
