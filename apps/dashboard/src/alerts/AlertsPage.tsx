import { useCallback, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import { useSession } from '../shell/session/use-session.js'
import { placeOf, useAlertSources } from '../wall/alerts/use-alert-sources.js'
import { actsOnAlerts } from './actions/action-plan.js'
import { DetailsPane } from './details/DetailsPane.js'
import { consoleNs } from './i18n.js'
import { AlertList } from './list/AlertList.js'
import { FilterPanel } from './list/FilterPanel.js'
import { ListToolbar } from './list/ListToolbar.js'
import { keepShown, moveCursor, toggleSelection } from './list/selection.js'
import { useConsoleFilter } from './list/use-console-filter.js'
import { useConsoleList } from './list/use-console-list.js'
import { ListState } from './ListState.js'
import { ShortcutHelp } from './ShortcutHelp.js'
import { useAlertLabels } from './use-alert-labels.js'
import { useConsoleKeys } from './use-console-keys.js'
import './alerts.css'

/**
 * `/alerts`: the console traffic and security staff work in all shift. Facets on the left, the
 * live list in the middle (held still while in use), the chosen alert's details on the right.
 */
export function AlertsPage() {
  const { t } = useTranslation(consoleNs)
  const { user } = useSession()
  const acts = user ? actsOnAlerts(user) : false
  const labels = useAlertLabels()
  const [filter, setFilter] = useConsoleFilter()
  const list = useConsoleList(filter, labels.search)
  const sources = useAlertSources()
  const place = useCallback((a: Alert) => placeOf(a, sources), [sources])

  const [cursorId, setCursorId] = useState<string | null>(null)
  const [scrollKey, setScrollKey] = useState(0)
  const [rawSelected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [anchor, setAnchor] = useState<string | null>(null)
  const [help, setHelp] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const selected = useMemo(() => keepShown(rawSelected, list.ids), [rawSelected, list.ids])

  const toggle = useCallback(
    (id: string, range: boolean) => {
      setSelected((s) => toggleSelection(s, list.ids, id, anchor, range))
      setAnchor(id)
    },
    [list.ids, anchor],
  )
  const pick = useCallback(
    (id: string, range: boolean) => {
      if (range && acts) toggle(id, true)
      setCursorId(id)
    },
    [acts, toggle],
  )
  const move = (step: number | 'first' | 'last') => {
    setCursorId((c) => moveCursor(list.ids, c, step))
    setScrollKey((k) => k + 1)
  }
  const allSelected = list.ids.length > 0 && selected.size === list.ids.length

  useConsoleKeys(
    (command) => {
      switch (command) {
        case 'next':
          return move(1)
        case 'previous':
          return move(-1)
        case 'first':
          return move('first')
        case 'last':
          return move('last')
        case 'toggleSelect':
          return cursorId && toggle(cursorId, false)
        case 'selectAll':
          return setSelected(allSelected ? new Set() : new Set(list.ids))
        case 'escape':
          if (help) return setHelp(false)
          if (document.activeElement === searchRef.current) return listRef.current?.focus()
          return setSelected(new Set())
        case 'refresh':
          return list.refresh()
        case 'search':
          return searchRef.current?.focus()
        case 'help':
          return setHelp((h) => !h)
        default:
          return undefined
      }
    },
    { acts },
  )

  const cursor = cursorId ? (list.byId.get(cursorId) ?? null) : null
  return (
    <div className="console" data-testid="alert-console">
      <ShellHeader title={t('title')} />
      <div className="console-body">
        <FilterPanel
          filter={filter}
          onChange={setFilter}
          counts={list.counts}
          districts={list.districts}
          labels={labels}
        />
        <section className="console-main" aria-label={t('list')}>
          <ListToolbar
            filter={filter}
            onChange={setFilter}
            shown={list.matching.size}
            total={list.total}
            searchRef={searchRef}
            selectAll={
              acts
                ? {
                    checked: allSelected,
                    indeterminate: selected.size > 0 && !allSelected,
                    onChange: () => setSelected(allSelected ? new Set() : new Set(list.ids)),
                  }
                : null
            }
          />
          {list.incoming > 0 || list.stale ? (
            <button
              type="button"
              className="console-incoming"
              onClick={list.refresh}
              data-testid="console-incoming"
            >
              {t('incoming', { count: Math.max(list.incoming, 1) })}
            </button>
          ) : null}
          <ListState list={list} filter={filter} onClear={setFilter} />
          <AlertList
            ids={list.ids}
            byId={list.byId}
            matching={list.matching}
            cursorId={cursorId}
            scrollKey={scrollKey}
            selected={selected}
            selectable={acts}
            labels={labels}
            placeOf={place}
            onPick={pick}
            onToggle={toggle}
            hold={list.hold}
            listRef={listRef}
          />
        </section>
        <DetailsPane alert={cursor} place={cursor ? place(cursor) : ''} labels={labels} />
      </div>
      {help && <ShortcutHelp acts={acts} onClose={() => setHelp(false)} />}
    </div>
  )
}
