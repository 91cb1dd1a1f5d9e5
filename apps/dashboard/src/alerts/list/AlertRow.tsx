import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { agoText } from '../ago.js'
import type { Locale } from '../../i18n/locale.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'

/** Every row is this tall (the list is virtualised on it): two lines of 1.45 line-height and padding. */
export const ROW_HEIGHT = 64

export interface AlertRowProps {
  alert: Alert
  place: string
  active: boolean
  selected: boolean
  selectable: boolean
  matches: boolean
  now: Date
  locale: Locale
  labels: AlertLabels
  onPick: (id: string, range: boolean) => void
  onToggle: (id: string, range: boolean) => void
}

/** One alert: severity, what and where, its state, how long ago. */
export const AlertRow = memo(function AlertRow(props: AlertRowProps) {
  const { alert, place, active, selected, selectable, matches, now, locale, labels } = props
  const { t } = useTranslation(consoleNs)
  const classes = [
    'console-row',
    !selectable && 'console-row--readonly',
    active && 'console-row--active',
    selected && 'console-row--selected',
    !matches && 'console-row--outside',
    !alert.acknowledged && alert.status === 'active' && 'console-row--new',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <div
      id={`alert-row-${alert.id}`}
      role="option"
      aria-selected={selectable ? selected : active}
      className={classes}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-acknowledged={alert.acknowledged}
      data-status={alert.status}
      data-category={alert.category}
      title={matches ? undefined : t('row.noLongerMatches')}
      onClick={(e) => props.onPick(alert.id, e.shiftKey)}
    >
      {selectable && (
        <input
          type="checkbox"
          className="console-row__check"
          checked={selected}
          aria-label={t('row.select')}
          tabIndex={-1}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => props.onToggle(alert.id, (e.nativeEvent as MouseEvent).shiftKey === true)}
        />
      )}
      <span className={`console-sev console-sev--${alert.severity}`}>
        {labels.facet('severity', alert.severity)}
      </span>
      <div className="console-row__main">
        <div className="console-row__line">
          <span className="console-row__what">{labels.facet('subCategory', alert.subCategory)}</span>
          <span className="console-row__title">{alert.title}</span>
        </div>
        <div className="console-row__line console-row__meta">
          <span className="console-row__place">{place || t('wholeProvince')}</span>
          {alert.status === 'cleared' ? (
            <span className="console-tag console-tag--cleared">{t('row.cleared')}</span>
          ) : null}
          {alert.acknowledged ? (
            <span className="console-tag console-tag--acked">
              {t('row.ackBy', { user: alert.ackBy ?? '?' })}
            </span>
          ) : (
            <span className="console-tag console-tag--unacked">{t('row.unacknowledged')}</span>
          )}
          {alert.assignee && (
            <span className="console-tag">{t('row.assignee', { user: alert.assignee })}</span>
          )}
        </div>
      </div>
      <div className="console-row__side">
        <span className="console-row__age">{agoText(locale, alert.lastSeen, now)}</span>
        {alert.count > 1 && (
          <span className="console-row__count">{t('row.count', { count: alert.count })}</span>
        )}
      </div>
    </div>
  )
})
