import { useTranslation } from 'react-i18next'
import type { AlertEvent } from '@ioc/contracts'
import { formatDateTime, formatNumber, formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { consoleNs } from '../i18n.js'
import { eventNote, shortAgent, timelineEntries } from './timeline.js'

/** Who did what, when and from where, newest first, the system's own changes included. */
export function Timeline({ events }: { events: readonly AlertEvent[] }) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const actor = (e: AlertEvent) => (e.actor === 'system' ? t('details.system') : e.actor)
  const what = (e: AlertEvent) =>
    e.action === 'assigned'
      ? typeof e.detail.assignee === 'string'
        ? t('details.event.assigned', { user: e.detail.assignee })
        : t('details.event.unassigned')
      : t(`details.event.${e.action}`)
  return (
    <ol className="console-timeline" data-testid="alert-timeline">
      {timelineEntries(events).map((entry) => {
        if (entry.kind === 'repeats')
          return (
            <li key={entry.first.seq} className="console-timeline__item" data-action="repeated">
              <span className="console-timeline__what">
                {t('details.event.repeatedRun', {
                  count: entry.count,
                  until: formatTime(locale, entry.last.at),
                })}
              </span>
              <span className="console-timeline__who">
                {t('details.system')} · {formatDateTime(locale, entry.first.at)}
              </span>
            </li>
          )
        const e = entry.event
        const note = eventNote(e)
        const agent = shortAgent(e.from?.userAgent ?? null)
        return (
          <li
            key={e.seq}
            className={`console-timeline__item console-timeline__item--${e.actor === 'system' ? 'system' : 'person'}`}
            data-action={e.action}
            data-actor={e.actor}
          >
            <span className="console-timeline__what">{what(e)}</span>
            <span className="console-timeline__who">
              {actor(e)} · {formatDateTime(locale, e.at)}
              {e.from?.ip && ` · ${t('details.from', { ip: e.from.ip })}`}
              {agent && ` · ${agent}`}
            </span>
            {note && (
              <span className="console-timeline__note">
                {'text' in note
                  ? note.text
                  : t('details.value', { metric: note.metric, value: formatNumber(locale, note.value) })}
              </span>
            )}
          </li>
        )
      })}
    </ol>
  )
}
