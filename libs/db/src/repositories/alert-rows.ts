// The alerts table as rows, the lock and sequence head every change takes, and what each operator
// action writes: shared by the one-alert changes (alerts.repository.ts) and the bulk ones
// (alerts-bulk.ts), so both follow the same rules.
import type {
  Alert,
  AlertAction,
  AlertCategory,
  AlertOperatorAction,
  AlertSeverity,
  AlertSourceType,
  AlertSubCategory,
  RequestOrigin,
} from '@ioc/contracts'
import type { Pool } from '../connection.js'

/** Who changed an alert and from where; `system` with no origin for rules. */
export interface Actor {
  username: string
  origin: RequestOrigin | null
}

/** The action makes no sense in the alert's state (acknowledging twice, resolving a cleared one). */
export class AlertStateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AlertStateError'
  }
}

export interface AlertRow {
  id: string
  seq: string
  sourceType: AlertSourceType
  sourceId: string
  ruleId: string
  severity: AlertSeverity
  status: 'active' | 'cleared'
  acknowledged: boolean
  category: AlertCategory
  subCategory: AlertSubCategory | null
  district: string | null
  title: string
  description: string | null
  count: number
  firstSeen: Date
  lastSeen: Date
  assignee: string | null
  ackBy: string | null
  ackAt: Date | null
  clearedAt: Date | null
}

export const columns = `id::text as id, seq::text as seq, source_type as "sourceType", source_id as "sourceId",
  rule_id as "ruleId", severity, status, acknowledged, category, sub_category as "subCategory", district,
  title, description, count, first_seen as "firstSeen", last_seen as "lastSeen", assignee,
  ack_by as "ackBy", ack_at as "ackAt", cleared_at as "clearedAt"`

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    seq: Number(row.seq),
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    ruleId: row.ruleId,
    severity: row.severity,
    status: row.status,
    acknowledged: row.acknowledged,
    category: row.category,
    subCategory: row.subCategory ?? 'other',
    district: row.district,
    title: row.title,
    description: row.description ?? '',
    count: row.count,
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    assignee: row.assignee,
    ackBy: row.ackBy,
    ackAt: row.ackAt?.toISOString() ?? null,
    clearedAt: row.clearedAt?.toISOString() ?? null,
  }
}

// Alert ids are bigserials; anything else cannot name an alert (and would be a cast error in SQL).
export const validId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id)

// Any constant shared by every replica; "IOCALERT" in ASCII.
export const ALERT_LOCK_KEY = '5282514835660427860'

// Changes of one process run one at a time: they would queue on the lock anyway, each holding a
// pooled connection meanwhile (and the embedded server is safest with few concurrent statements).
const writeQueues = new WeakMap<Pool, Promise<unknown>>()
export function serially<T>(pool: Pool, work: () => Promise<T>): Promise<T> {
  const run = (writeQueues.get(pool) ?? Promise.resolve()).then(work)
  writeQueues.set(
    pool,
    run.catch(() => {}),
  )
  return run
}

/**
 * The head of every changing statement: the alerts lock (transaction-scoped, so it is held until
 * the statement commits), then the next sequence number, taken under it. Numbers therefore become
 * visible in the order they were taken, whatever the replica: a client that has seen N never misses
 * a change numbered below N. One statement a change, so no transaction spans round trips.
 */
export const lockedSeq = `with l as (select pg_advisory_xact_lock(${ALERT_LOCK_KEY})),
  s as (select nextval('alert_seq') as seq from l)`

/**
 * What one operator action writes on one alert: the columns it sets (parameters from $6 on), the
 * condition the row must still meet when written (another change may have come first), the audit
 * detail. Throws AlertStateError when the action makes no sense in the alert's state.
 */
export interface ChangePlan {
  action: AlertAction
  set?: string
  guard?: string
  params: unknown[]
  detail: Record<string, unknown>
}

export function planChange(change: AlertOperatorAction, actor: Actor, alert: Alert): ChangePlan {
  switch (change.kind) {
    case 'acknowledge':
      if (alert.acknowledged)
        throw new AlertStateError(`alert ${alert.id} was already acknowledged by ${alert.ackBy ?? '?'}`)
      return {
        action: 'acknowledged',
        set: 'acknowledged = true, ack_by = $6, ack_at = now()',
        guard: 'not acknowledged',
        params: [actor.username],
        detail: {},
      }
    case 'assign':
      return {
        action: 'assigned',
        set: 'assignee = $6',
        params: [change.assignee],
        detail: { assignee: change.assignee, previous: alert.assignee },
      }
    case 'comment':
      return { action: 'commented', params: [], detail: { text: change.text } }
    case 'resolve':
      if (alert.status === 'cleared') throw new AlertStateError(`alert ${alert.id} is already cleared`)
      return {
        action: 'resolved',
        set: `status = 'cleared', cleared_at = now()`,
        guard: `status = 'active'`,
        params: [],
        detail: change.note ? { note: change.note } : {},
      }
  }
}
