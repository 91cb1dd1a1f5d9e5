import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useConnectionState } from '../shell/socket/hooks/use-connection-state.js'
import { useNow } from '../wall/alerts/AlertTicker.js'
import { consoleNs } from './i18n.js'
import { defaultFilter, type AlertFilter } from './list/filters.js'
import type { ConsoleList } from './list/use-console-list.js'

const FAILED_AFTER_MS = 8_000

export type ListPhase = 'loading' | 'failed' | 'empty' | 'filtered-empty' | 'rows'

/**
 * What the list area shows. The shell connects, joins the alerts room and loads the list before it
 * says `live`, so `live` without a loaded list means the load failed (the next reconnection retries).
 */
export function listPhase(
  connection: { kind: string; since: number },
  /** Now, and when this screen opened: it may open on a socket that has long been live. */
  now: number,
  openedAt: number,
  seq: number | null,
  total: number,
  shown: number,
): ListPhase {
  // a screen opened on a live socket loads the list itself: give it a moment before saying it failed
  if (seq === null && total === 0)
    return connection.kind === 'live' && now - Math.max(connection.since, openedAt) > FAILED_AFTER_MS
      ? 'failed'
      : 'loading'
  if (total === 0) return 'empty'
  return shown === 0 ? 'filtered-empty' : 'rows'
}

/** The loading, failed, empty and nothing-matches states in place of the rows; the offline strip. */
export function ListState({
  list,
  filter,
  onClear,
}: {
  list: ConsoleList
  filter: AlertFilter
  onClear: (next: AlertFilter) => void
}) {
  const { t } = useTranslation(consoleNs)
  const connection = useConnectionState()
  const now = useNow(2_000).getTime()
  const [openedAt] = useState(() => Date.now())
  const phase = listPhase(connection, now, openedAt, list.seq, list.total, list.ids.length)
  const offline =
    connection.kind === 'reconnecting' || (typeof navigator !== 'undefined' && !navigator.onLine)
  return (
    <>
      {offline && phase !== 'loading' && (
        <p className="console-notice console-notice--warn" role="status" data-testid="console-offline">
          {t('offline')}
        </p>
      )}
      {phase === 'loading' && (
        <p className="console-state" role="status" data-testid="console-loading">
          {t('loading')}
        </p>
      )}
      {phase === 'failed' && (
        <p className="console-state console-state--error" role="alert" data-testid="console-failed">
          {t('loadFailed')}
        </p>
      )}
      {phase === 'empty' && (
        <p className="console-state" data-testid="console-empty">
          {t('empty')}
        </p>
      )}
      {phase === 'filtered-empty' && (
        <div className="console-state" data-testid="console-filtered-empty">
          <p>{t('emptyFiltered')}</p>
          <button
            type="button"
            className="console-button"
            onClick={() => onClear({ ...defaultFilter, sort: filter.sort })}
          >
            {t('clearFilters')}
          </button>
        </div>
      )}
    </>
  )
}
