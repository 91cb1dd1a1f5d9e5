import type { AlertList, AlertsSinceResponse } from '@ioc/contracts'
import type { AlertsStore } from './alerts-store.js'

/** Alerts asked for per REST page. The api's limit. */
export const PAGE = 1000
/** Pages read after an incomplete `alerts:since` before a full reload is cheaper. */
export const MAX_PAGES = 10

export interface ResyncSources {
  /** The socket's `alerts:since` ack, parsed. */
  since(sinceSeq: number): Promise<AlertsSinceResponse>
  /** GET /api/alerts: newest first without sinceSeq, oldest change first with it. */
  list(query: { sinceSeq?: number; limit: number }): Promise<AlertList>
}

export type ResyncResult =
  | { kind: 'loaded'; count: number; seq: number }
  | { kind: 'caught-up'; count: number; seq: number; pages: number }

/**
 * Brings the store up to date after a (re)connection. Call it once the alert rooms are joined, so
 * that whatever is committed after the server read its seq is pushed live: nothing falls between.
 * First load: the latest alerts over REST. Afterwards: what changed since the store's seq, over the
 * socket, continued over REST when more changed than one answer carries.
 */
export async function resyncAlerts(store: AlertsStore, sources: ResyncSources): Promise<ResyncResult> {
  const from = store.syncedSeq()
  if (from === null) return reload(store, sources)
  const answer = await sources.since(from)
  if (answer.complete) {
    store.applySince(answer.alerts, answer.seq)
    return { kind: 'caught-up', count: answer.alerts.length, seq: answer.seq, pages: 0 }
  }
  let count = answer.alerts.length
  let cursor = answer.alerts.reduce((max, a) => Math.max(max, a.seq), from)
  const collected = [...answer.alerts]
  for (let page = 1; page <= MAX_PAGES; page++) {
    const next = await sources.list({ sinceSeq: cursor, limit: PAGE })
    collected.push(...next.items)
    count += next.items.length
    cursor = next.items.reduce((max, a) => Math.max(max, a.seq), cursor)
    if (next.items.length < PAGE) {
      store.applySince(collected, Math.max(answer.seq, cursor))
      return { kind: 'caught-up', count, seq: store.syncedSeq()!, pages: page }
    }
  }
  return reload(store, sources)
}

async function reload(store: AlertsStore, sources: ResyncSources): Promise<ResyncResult> {
  const list = await sources.list({ limit: PAGE })
  store.replaceAll(list.items, list.seq)
  return { kind: 'loaded', count: list.items.length, seq: list.seq }
}
