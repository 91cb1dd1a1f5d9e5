import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Alert } from '@ioc/contracts'
import { useAlerts } from '../../shell/socket/hooks/use-alerts.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import {
  applyFilter,
  districtOptions,
  prepareSearch,
  type AlertFilter,
  type FacetCounts,
  type SearchLabel,
} from './filters.js'
import { holdOrder } from './held-order.js'

/** Why the order is held; the list is held while any of them is. */
export type HoldReason = 'pointer' | 'focus' | 'dialog'

export interface ConsoleList {
  /** Ids in the order shown (held while the user works in the list). */
  ids: readonly string[]
  byId: ReadonlyMap<string, Alert>
  /** Every alert in the store (related alerts look beyond the filter). */
  alerts: readonly Alert[]
  /** Ids the current filter matches now (a held row outside it is shown dimmed). */
  matching: ReadonlySet<string>
  counts: FacetCounts
  districts: string[]
  total: number
  /** Null until the first load. */
  seq: number | null
  incoming: number
  stale: boolean
  hold(reason: HoldReason, on: boolean): void
  /** Shows the order as it is now (the "update" bar, key `.`); the hold goes on. */
  refresh(): void
}

/** The shared live alerts, filtered, counted and sorted, in an order that holds while in use. */
export function useConsoleList(filter: AlertFilter, label: SearchLabel): ConsoleList {
  const { alerts, byId, seq } = useAlerts()
  // time windows move with the clock, not only with changes
  const now = useNow(30_000).getTime()
  const result = useMemo(() => applyFilter(alerts, filter, { now, label }), [alerts, filter, now, label])
  useEffect(() => prepareSearch(alerts, label), [alerts, label])
  const wanted = useMemo(() => result.alerts.map((a) => a.id), [result])
  const matching = useMemo(() => new Set(wanted), [wanted])
  const districts = useMemo(() => districtOptions(alerts, filter.district), [alerts, filter.district])

  const [reasons, setReasons] = useState<ReadonlySet<HoldReason>>(new Set())
  // the ids on screen when the hold began (or was refreshed), and the filter they were for
  const [frozen, setFrozenState] = useState<{ ids: readonly string[]; filter: AlertFilter } | null>(null)
  const setFrozen = useCallback(
    (ids: readonly string[] | null) => setFrozenState(ids === null ? null : { ids, filter }),
    [filter],
  )
  // the user changed the filter: that is asked for, so the new order shows at once (and holds again);
  // a hold that began on an empty list (the pointer resting there while it loads) holds the first rows
  if (frozen !== null && (frozen.filter !== filter || (frozen.ids.length === 0 && wanted.length > 0)))
    setFrozenState({ ids: wanted, filter })
  const held = reasons.size > 0 && frozen !== null
  const order = useMemo(
    () => holdOrder(frozen?.ids ?? wanted, wanted, held, (id) => byId.has(id)),
    [frozen, wanted, held, byId],
  )

  const hold = useCallback(
    (reason: HoldReason, on: boolean) => {
      setReasons((current) => {
        if (current.has(reason) === on) return current
        const next = new Set(current)
        if (on) next.add(reason)
        else next.delete(reason)
        if (current.size === 0 && next.size > 0) setFrozen(order.ids)
        if (next.size === 0) setFrozen(null)
        return next
      })
    },
    [order.ids, setFrozen],
  )
  const refresh = useCallback(
    () => setFrozenState((f) => (f === null ? null : { ids: wanted, filter })),
    [wanted, filter],
  )

  return {
    ids: order.ids,
    byId,
    alerts,
    matching,
    counts: result.counts,
    districts,
    total: alerts.length,
    seq,
    incoming: order.incoming,
    stale: order.stale,
    hold,
    refresh,
  }
}
