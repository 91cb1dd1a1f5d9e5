// One operator action on many alerts (the console's "acknowledge these 50"): one read of all the
// alerts, the same per-alert rules as a single change (planChange), then one statement that writes
// every change and its audit event under the alerts lock, each with its own sequence number.
import type { Alert, AlertChanged, AlertOperatorAction } from '@ioc/contracts'
import type { Pool } from '../connection.js'
import {
  ALERT_LOCK_KEY,
  AlertStateError,
  columns,
  planChange,
  serially,
  toAlert,
  validId,
  type Actor,
  type AlertRow,
  type ChangePlan,
} from './alert-rows.js'

/** Says why this alert may not be changed by this caller (not visible, not theirs), or null. */
export type BulkCheck = (alert: Alert) => Error | null

/** Each id's change, or the error that refused it (the caller's check, not found, state). */
export type BulkOutcome = Map<string, AlertChanged | Error>

// Reads again the alerts another change got to between the read and the write, as a single
// change does, before calling it a conflict.
const ATTEMPTS = 3

export async function changeMany(
  pool: Pool,
  ids: readonly string[],
  action: AlertOperatorAction,
  actor: Actor,
  check: BulkCheck,
  notFound: (id: string) => Error,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = new Map()
  let pending = ids.filter((id) => {
    if (validId(id)) return true
    outcome.set(id, notFound(id))
    return false
  })
  for (let attempt = 0; pending.length > 0; attempt++) {
    const current = new Map(
      (
        await pool.query<AlertRow>(`select ${columns} from alerts where id = any($1::bigint[])`, [pending])
      ).rows.map((row) => [row.id, toAlert(row)]),
    )
    const planned: { id: string; plan: ChangePlan }[] = []
    for (const id of pending) {
      const alert = current.get(id)
      const refusal = alert ? check(alert) : notFound(id)
      if (refusal) {
        outcome.set(id, refusal)
        continue
      }
      try {
        planned.push({ id, plan: planChange(action, actor, alert!) })
      } catch (err) {
        outcome.set(id, err as Error)
      }
    }
    if (planned.length === 0) break
    for (const row of await writeAll(pool, planned, actor)) {
      const alert = toAlert(row)
      outcome.set(alert.id, { seq: alert.seq, action: planned[0]!.plan.action, alert })
    }
    pending = planned.map((p) => p.id).filter((id) => !outcome.has(id))
    if (pending.length > 0 && attempt + 1 >= ATTEMPTS) {
      for (const id of pending) outcome.set(id, new AlertStateError(`alert ${id} keeps changing; try again`))
      break
    }
  }
  return outcome
}

/**
 * One statement: the lock, a sequence number per alert in id order, the guarded updates and their
 * events. Every plan of one action sets the same columns with the same parameters; only the audit
 * detail differs (an assignment's previous assignee).
 */
async function writeAll(pool: Pool, planned: { id: string; plan: ChangePlan }[], actor: Actor) {
  const { action, set, guard, params } = planned[0]!.plan
  const sql = `with l as (select pg_advisory_xact_lock(${ALERT_LOCK_KEY})),
      p as (select t.id::bigint as id, t.detail::jsonb as detail
            from unnest($1::text[], $2::text[]) as t(id, detail)),
      n as (select p.id, p.detail, nextval('alert_seq') as seq from (select * from p order by p.id) p, l),
      a as (update alerts set seq = n.seq${set ? `, ${set}` : ''} from n
            where alerts.id = n.id and (${guard ?? 'true'}) returning alerts.*, n.detail as event_detail),
      e as (insert into alert_events (seq, alert_id, action, actor, origin, detail)
            select a.seq, a.id, $3, $4, $5, a.event_detail from a)
    select ${columns} from a order by a.seq`
  const result = await serially(pool, () =>
    pool.query<AlertRow>(sql, [
      planned.map((p) => p.id),
      planned.map((p) => JSON.stringify(p.plan.detail)),
      action,
      actor.username,
      actor.origin ? JSON.stringify(actor.origin) : null,
      ...params,
    ]),
  )
  return result.rows
}
