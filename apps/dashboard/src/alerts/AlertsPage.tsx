import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { formatNumber } from '../i18n/format.js'
import { useLocale } from '../i18n/use-locale.js'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import { useSession } from '../shell/session/use-session.js'
import { placeOf, useAlertSources } from '../wall/alerts/use-alert-sources.js'
import { ActionBar, plansFor } from './actions/ActionBar.js'
import { actsOnAlerts, planAction } from './actions/action-plan.js'
import { AssignDialog } from './actions/AssignDialog.js'
import { TextActionDialog } from './actions/TextActionDialog.js'
import { useAlertActions, type ActionPayload } from './actions/use-alert-actions.js'
import { DetailsPane } from './details/DetailsPane.js'
import { consoleNs } from './i18n.js'
import { AlertList } from './list/AlertList.js'
import { FilterPanel } from './list/FilterPanel.js'
import { defaultFilter } from './list/filters.js'
import { ListToolbar } from './list/ListToolbar.js'
import { LoadOlder } from './list/LoadOlder.js'
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
  const { locale } = useLocale()
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
  // the details pane shows the first alert until the user picks one, and again after the user
  // changes the filter and the alert shown is not in the new list
  const firstId = list.ids[0] ?? null
  const [cursorFilter, setCursorFilter] = useState(filter)
  if (cursorFilter !== filter) {
    setCursorFilter(filter)
    if (cursorId !== null && !list.ids.includes(cursorId)) setCursorId(firstId)
  }
  useEffect(() => {
    if (cursorId === null && firstId !== null) setCursorId(firstId)
  }, [cursorId, firstId])

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
  // "everything here" means what matches now: the held order is brought up to date first
  const selectAll = () => {
    if (allSelected && !list.stale) return setSelected(new Set())
    list.refresh()
    setSelected(new Set(list.matching))
  }

  const cursor = cursorId ? (list.byId.get(cursorId) ?? null) : null
  const targets = useMemo(
    () =>
      selected.size > 0
        ? [...selected].map((id) => list.byId.get(id)).filter((a): a is Alert => a !== undefined)
        : cursor
          ? [cursor]
          : [],
    [selected, cursor, list.byId],
  )
  const actions = useAlertActions()
  const [dialog, setDialog] = useState<'assign' | 'comment' | 'resolve' | null>(null)
  useEffect(() => list.hold('dialog', dialog !== null), [dialog, list.hold])
  const run = (payload: ActionPayload) => {
    if (!user) return
    const plan = plansFor(user, targets)[payload.kind]
    // only what the role and the state allow is sent: the api would refuse the rest
    if (plan.allowed.length > 0) actions.mutate({ payload, ids: plan.allowed.map((a) => a.id) })
    setDialog(null)
  }
  const act = (command: 'ack' | 'assign' | 'assignMe' | 'comment' | 'resolve') => {
    if (!user || actions.isPending) return
    const plans = plansFor(user, targets)
    const kind = command === 'assignMe' ? 'assign' : command
    if (plans[kind].allowed.length === 0) return
    if (command === 'ack') run({ kind: 'ack' })
    else if (command === 'assignMe') run({ kind: 'assign', assignee: user.username })
    else setDialog(command)
  }

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
          return selectAll()
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
          return act(command)
      }
    },
    { acts },
  )

  const count = (
    <span className="console-count" data-testid="console-count">
      {t('shown', {
        shown: formatNumber(locale, list.matching.size),
        total: formatNumber(locale, list.total),
      })}
    </span>
  )
  return (
    <div className="console" data-testid="alert-console">
      <ShellHeader title={t('nav.alerts', { ns: 'shell' })} />
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
            searchRef={searchRef}
            selectAll={
              acts
                ? {
                    checked: allSelected,
                    indeterminate: selected.size > 0 && !allSelected,
                    onChange: selectAll,
                  }
                : null
            }
          />
          {user && acts ? (
            <ActionBar
              user={user}
              targets={targets}
              selection={selected.size > 0}
              onCommand={(command) => act(command as Parameters<typeof act>[0])}
              pending={actions.isPending}
              lastRun={actions.data ?? null}
              error={actions.error}
              count={count}
            />
          ) : (
            <div className="console-actions" data-testid="read-only">
              <span className="console-muted">{t('actions.readOnly')}</span>
              {count}
            </div>
          )}
          <div className="console-list-area">
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
            <LoadOlder />
          </div>
        </section>
        <DetailsPane
          alert={cursor}
          place={cursor ? place(cursor) : ''}
          labels={labels}
          sources={sources}
          all={list.alerts}
          onPick={(id) => setCursorId(id)}
          onFilterSource={(sourceId) =>
            setFilter({ ...defaultFilter, status: [], sourceId, sort: filter.sort })
          }
          onComment={
            user && cursor && planAction(user, 'comment', [cursor]).allowed.length > 0
              ? (text) => actions.mutate({ payload: { kind: 'comment', text }, ids: [cursor.id] })
              : null
          }
          sending={actions.isPending}
        />
      </div>
      {help && <ShortcutHelp acts={acts} onClose={() => setHelp(false)} />}
      {user && dialog === 'assign' && (
        <AssignDialog
          targets={plansFor(user, targets).assign.allowed}
          me={user.username}
          onAssign={(assignee) => run({ kind: 'assign', assignee })}
          onClose={() => setDialog(null)}
        />
      )}
      {user && (dialog === 'comment' || dialog === 'resolve') && (
        <TextActionDialog
          kind={dialog}
          count={plansFor(user, targets)[dialog].allowed.length}
          onSend={(text) =>
            run(
              dialog === 'comment'
                ? { kind: 'comment', text }
                : { kind: 'resolve', ...(text ? { note: text } : {}) },
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  )
}
