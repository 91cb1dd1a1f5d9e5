import {
  alertBulkAnswerSchema,
  BULK_MAX_IDS,
  type Alert,
  type AlertAction,
  type AlertBulkResult,
  type AlertOperatorAction,
} from '@ioc/contracts'
import type { ApiClient } from '../../shell/api/client.js'
import type { ActionKind } from './action-plan.js'

/** What each console action is called on the wire (POST /api/alerts/bulk's `action.kind`). */
export const wireKind = {
  ack: 'acknowledge',
  assign: 'assign',
  comment: 'comment',
  resolve: 'resolve',
} as const satisfies Record<ActionKind, AlertOperatorAction['kind']>

/** The audit action each one leaves (what the store is told, as the socket would tell it). */
export const auditAction: Readonly<Record<AlertOperatorAction['kind'], AlertAction>> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  comment: 'commented',
  resolve: 'resolved',
}

export interface SendOutcome {
  results: AlertBulkResult[]
  /** Requests it took: one per BULK_MAX_IDS alerts. */
  requests: number
}

/**
 * One action on every id, through POST /api/alerts/bulk: one request for up to BULK_MAX_IDS
 * alerts, one more for each further batch. Each id answers for itself (a refusal of one leaves the
 * others changed), with the code and message the single route would have given.
 */
export async function sendAction(
  api: Pick<ApiClient, 'post'>,
  action: AlertOperatorAction,
  ids: readonly string[],
): Promise<SendOutcome> {
  const results: AlertBulkResult[] = []
  let requests = 0
  for (let at = 0; at < ids.length; at += BULK_MAX_IDS) {
    const batch = ids.slice(at, at + BULK_MAX_IDS)
    requests++
    const answer = await api.post('/api/alerts/bulk', { ids: batch, action }, alertBulkAnswerSchema)
    results.push(...answer.items)
  }
  return { results, requests }
}

/** The changed alerts of an outcome, and the refusals grouped by message (most frequent first). */
export function summarise(outcome: SendOutcome): {
  changed: Alert[]
  failures: { message: string; count: number }[]
} {
  const changed: Alert[] = []
  const byMessage = new Map<string, number>()
  for (const r of outcome.results) {
    if (r.ok) changed.push(r.alert)
    else byMessage.set(r.message, (byMessage.get(r.message) ?? 0) + 1)
  }
  const failures = [...byMessage]
    .map(([message, count]) => ({ message, count }))
    .sort((a, b) => b.count - a.count)
  return { changed, failures }
}
