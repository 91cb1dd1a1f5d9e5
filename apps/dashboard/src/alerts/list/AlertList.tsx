import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { useLocale } from '../../i18n/use-locale.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'
import { AlertRow, ROW_HEIGHT } from './AlertRow.js'
import type { HoldReason } from './use-console-list.js'

export interface AlertListProps {
  ids: readonly string[]
  byId: ReadonlyMap<string, Alert>
  matching: ReadonlySet<string>
  cursorId: string | null
  /** Bumped when the cursor moved by keyboard: the list scrolls it into view then, not on clicks. */
  scrollKey: number
  selected: ReadonlySet<string>
  selectable: boolean
  labels: AlertLabels
  placeOf: (alert: Alert) => string
  onPick: (id: string, range: boolean) => void
  onToggle: (id: string, range: boolean) => void
  hold: (reason: HoldReason, on: boolean) => void
  /** The listbox element (the page focuses it back after a search). */
  listRef: RefObject<HTMLDivElement | null>
}

/**
 * The alerts as a virtualised listbox (only the rows in view are in the DOM, so 10,000 scroll as
 * smoothly as 10): the cursor is aria-activedescendant, the keyboard stays on the list itself.
 */
export function AlertList(props: AlertListProps) {
  const { ids, byId, cursorId, scrollKey, hold } = props
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const now = useNow(15_000)
  const scroller = props.listRef
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => ids[index] ?? index,
  })

  useEffect(() => {
    if (scrollKey === 0 || cursorId === null) return
    const index = ids.indexOf(cursorId)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
    // only when the keyboard moved the cursor (scrollKey), never because rows changed
  }, [scrollKey])

  return (
    <div
      ref={scroller}
      className="console-list"
      role="listbox"
      aria-label={t('list')}
      aria-multiselectable={props.selectable || undefined}
      aria-activedescendant={cursorId && byId.has(cursorId) ? `alert-row-${cursorId}` : undefined}
      tabIndex={0}
      data-testid="alert-list"
      onPointerEnter={() => hold('pointer', true)}
      onPointerLeave={() => hold('pointer', false)}
      onFocus={() => hold('focus', true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) hold('focus', false)
      }}
    >
      <div className="console-list__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = ids[item.index]!
          const alert = byId.get(id)
          if (!alert) return null
          return (
            <div
              key={item.key}
              className="console-list__slot"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <AlertRow
                alert={alert}
                place={props.placeOf(alert)}
                active={id === cursorId}
                selected={props.selected.has(id)}
                selectable={props.selectable}
                matches={props.matching.has(id)}
                now={now}
                locale={locale}
                labels={props.labels}
                onPick={props.onPick}
                onToggle={props.onToggle}
              />
            </div>
          )
        })}
      </div>
    </div>
  )
}
