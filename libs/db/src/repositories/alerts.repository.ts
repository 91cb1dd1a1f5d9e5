import type {
  Alert,
  AlertAction,
  AlertCategory,
  AlertChanged,
  AlertEvent,
  AlertListQuery,
  AlertOperatorAction,
  AlertSeverity,
  AlertSourceType,
  AlertStats,
  AlertStatsQuery,
  AlertSubCategory,
  RequestOrigin,
} from '@ioc/contracts'
import { alertSeveritySchema } from '@ioc/contracts'
import type { Pool } from '../connection.js'
import {
  AlertStateError,
  columns,
  lockedSeq,
  planChange,
  serially,
  toAlert,
  validId,
  type Actor,
  type AlertRow,
  type ChangePlan,
} from './alert-rows.js'
import { changeMany, type BulkCheck, type BulkOutcome } from './alerts-bulk.js'
import type { UserRecord } from './users.repository.js'

export { AlertStateError, type Actor } from './alert-rows.js'
export type { BulkCheck, BulkOutcome } from './alerts-bulk.js'

/** What a rule knows when its condition fires. */
export interface RaiseInput {
  sourceType: AlertSourceType
  sourceId: string
  ruleId: string
  severity: AlertSeverity
  category: AlertCategory
  subCategory: AlertSubCategory
  district: string | null
  title: string
  description: string
  at: Date
  /** Stored in the audit trail: the value that fired, the threshold, ... */
  detail: Record<string, unknown>
}

/** Alerts of one category, district and UTC hour of first sight, with their summed times. */
export interface AlertReportCell {
  category: AlertCategory
  district: string | null
  utcHour: number
  total: number
  acknowledged: number
  resolved: number
  ackSeconds: number
  resolveSeconds: number
}

/** An alert the escalation timers watch, with its rule's escalation. */
export interface EscalationCandidate {
  alert: Alert
  afterMin: number
  escalateTo: AlertSeverity | null
}

export interface AlertKey {
  sourceType: AlertSourceType
  sourceId: string
  ruleId: string
}

/** The alert does not exist (or the id is not one of ours). */
export class AlertNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no alert with id "${id}"`)
    this.name = 'AlertNotFoundError'
  }
}

/** Who an alert would be assigned to: what decides whether they may have it. */
export type Assignee = Pick<UserRecord, 'role' | 'district'>

/** A field of the request names something that does not exist or may not be (an unknown assignee). */
export class AlertInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'AlertInputError'
  }
}

/**
 * Alerts and their audit trail. Every change takes the next `alert_seq` number and writes its
 * event in the same transaction, under one lock, so sequence numbers become visible in order: a
 * client that has seen N never misses a change numbered below N.
 */
export interface DistrictAlertFigures {
  district: string
  activeBySeverity: Record<AlertSeverity, number>
  meanTimeToAcknowledgeSeconds: number | null
}

export class AlertsRepository {
  constructor(private readonly pool: Pool) {}

  /** Creates the alert, or counts a repeat on the active one of the same source and rule. */
  async raise(input: RaiseInput): Promise<AlertChanged> {
    return (await this.upsert(input, false))!
  }

  /**
   * As `raise`, for input delivered at least once (the rules' MQTT streams, redelivered after a
   * replica restarts): a moment an alert of this source and rule already covers (from its first
   * sighting to its last, or to its clear) was seen before, and changes nothing (null). A moment
   * before the first sighting is not a redelivery but an observation another replica evaluated
   * later (the share group splits a stream): it counts, and moves the first sighting back.
   */
  async raiseOnce(input: RaiseInput): Promise<AlertChanged | null> {
    return this.upsert(input, true)
  }

  private async upsert(input: RaiseInput, once: boolean): Promise<AlertChanged | null> {
    const covered = once
      ? `where not exists (select 1 from alerts c where c.source_type = $1 and c.source_id = $2
           and c.rule_id = $3 and c.status = 'cleared' and $10 between c.first_seen and greatest(c.last_seen, c.cleared_at))`
      : ''
    const row = (
      await this.write<AlertRow & { inserted: boolean }>(
        `${lockedSeq}, a as (
           insert into alerts (seq, source_type, source_id, rule_id, severity, category, sub_category, district,
             title, description, first_seen, last_seen)
           select s.seq, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10 from s ${covered}
           on conflict (source_type, source_id, rule_id) where status = 'active' do update set
             seq = excluded.seq, count = alerts.count + 1, first_seen = least(alerts.first_seen, excluded.first_seen),
             last_seen = greatest(alerts.last_seen, excluded.last_seen),
             -- an escalated alert keeps its escalated severity through repeats
             severity = case when alerts.escalated_at is null then excluded.severity else alerts.severity end, title = excluded.title, description = excluded.description
           ${once ? 'where excluded.last_seen not between alerts.first_seen and alerts.last_seen' : ''}
           returning *, (xmax = 0) as inserted),
         e as (
           insert into alert_events (seq, alert_id, action, actor, detail)
           select a.seq, a.id, case when a.inserted then 'created' else 'repeated' end, 'system', $11 from a)
         select ${columns}, inserted from a`,
        [
          input.sourceType,
          input.sourceId,
          input.ruleId,
          input.severity,
          input.category,
          input.subCategory,
          input.district,
          input.title,
          input.description,
          input.at,
          JSON.stringify({ ...input.detail, observedAt: input.at.toISOString() }),
        ],
      )
    ).rows[0]
    if (!row) return null
    const alert = toAlert(row)
    return { seq: alert.seq, action: row.inserted ? 'created' : 'repeated', alert }
  }

  /** The rule saw its condition end: clears the active alert, if there is one. */
  async clear(key: AlertKey, at: Date, detail: Record<string, unknown>): Promise<AlertChanged | null> {
    return this.clearActive(key, at, detail, false)
  }

  /** As `clear`, for input delivered at least once: a clear older than the alert's last sighting is stale. */
  async clearOnce(key: AlertKey, at: Date, detail: Record<string, unknown>): Promise<AlertChanged | null> {
    return this.clearActive(key, at, detail, true)
  }

  private async clearActive(
    key: AlertKey,
    at: Date,
    detail: Record<string, unknown>,
    once: boolean,
  ): Promise<AlertChanged | null> {
    const row = (
      await this.write<AlertRow>(
        `${lockedSeq}, a as (
           update alerts set seq = s.seq, status = 'cleared', cleared_at = $4 from s
           where source_type = $1 and source_id = $2 and rule_id = $3 and status = 'active'
             ${once ? 'and last_seen <= $4' : ''} returning alerts.*),
         e as (
           insert into alert_events (seq, alert_id, action, actor, detail)
           select a.seq, a.id, 'cleared', 'system', $5 from a)
         select ${columns} from a`,
        [
          key.sourceType,
          key.sourceId,
          key.ruleId,
          at,
          JSON.stringify({ ...detail, observedAt: at.toISOString() }),
        ],
      )
    ).rows[0]
    if (!row) return null
    const alert = toAlert(row)
    return { seq: alert.seq, action: 'cleared', alert }
  }

  async acknowledge(id: string, actor: Actor): Promise<AlertChanged> {
    return this.change(id, actor, (alert) => planChange({ kind: 'acknowledge' }, actor, alert))
  }

  /**
   * `mayTake` says why the assignee may not have this alert (null: they may), against the alert as
   * it is when the change is written; the caller owns that rule.
   */
  async assign(
    id: string,
    assignee: string | null,
    actor: Actor,
    mayTake: (user: Assignee, alert: Alert) => string | null = () => null,
  ): Promise<AlertChanged> {
    const user = await this.assignee(assignee)
    return this.change(id, actor, (alert) => {
      const refusal = user ? mayTake(user, alert) : null
      if (refusal) throw new AlertInputError('assignee', refusal)
      return planChange({ kind: 'assign', assignee }, actor, alert)
    })
  }

  /** The role and district of the user an alert would go to (null: unassigning). */
  async assignee(username: string | null): Promise<Assignee | null> {
    if (username === null) return null
    const user = (
      await this.pool.query<Assignee>('select role, district from users where username = $1', [username])
    ).rows[0]
    if (!user) throw new AlertInputError('assignee', `no user named "${username}"`)
    return user
  }

  /**
   * One action on many alerts in one write: each id gets its change or the error that refused it
   * (`check` first, then the same state rules as a single change; for an assignment, `mayTake`).
   * An unknown assignee refuses the whole call (AlertInputError).
   */
  async changeMany(
    ids: readonly string[],
    action: AlertOperatorAction,
    actor: Actor,
    check: BulkCheck,
    mayTake: (user: Assignee, alert: Alert) => string | null = () => null,
  ): Promise<BulkOutcome> {
    const user = action.kind === 'assign' ? await this.assignee(action.assignee) : null
    return changeMany(
      this.pool,
      ids,
      action,
      actor,
      (alert) => {
        const refused = check(alert)
        if (refused || !user) return refused
        const reason = mayTake(user, alert)
        return reason ? new AlertInputError('assignee', reason) : null
      },
      (id) => new AlertNotFoundError(id),
    )
  }

  async comment(id: string, text: string, actor: Actor): Promise<AlertChanged> {
    return this.change(id, actor, (alert) => planChange({ kind: 'comment', text }, actor, alert))
  }

  /** An operator closes the alert; the rule may raise a new one if the condition comes back. */
  async resolve(id: string, note: string | undefined, actor: Actor): Promise<AlertChanged> {
    return this.change(id, actor, (alert) =>
      planChange({ kind: 'resolve', ...(note ? { note } : {}) }, actor, alert),
    )
  }

  /**
   * Reads the alert, lets `plan` refuse the action or say what to set, then applies it in one
   * statement guarded by the same condition; when another change got there first, reads again
   * and lets `plan` explain.
   */
  private async change(id: string, actor: Actor, plan: (alert: Alert) => ChangePlan): Promise<AlertChanged> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(id)
      if (!current) throw new AlertNotFoundError(id)
      const step = plan(current)
      const row = (
        await this.write<AlertRow>(
          `${lockedSeq}, a as (
             update alerts set seq = s.seq${step.set ? `, ${step.set}` : ''} from s
             where alerts.id = $1 and (${step.guard ?? 'true'}) returning alerts.*),
           e as (
             insert into alert_events (seq, alert_id, action, actor, origin, detail)
             select a.seq, a.id, $2, $3, $4, $5 from a)
           select ${columns} from a`,
          [
            id,
            step.action,
            actor.username,
            actor.origin ? JSON.stringify(actor.origin) : null,
            JSON.stringify(step.detail),
            ...step.params,
          ],
        )
      ).rows[0]
      if (row) {
        const alert = toAlert(row)
        return { seq: alert.seq, action: step.action, alert }
      }
      if (attempt >= 2) throw new AlertStateError(`alert ${id} keeps changing; try again`)
    }
  }

  /**
   * Active, unacknowledged, not yet escalated alerts of the enabled rules that escalate, with the
   * rule's minutes and target: what the escalation timers watch.
   */
  async escalationCandidates(): Promise<EscalationCandidate[]> {
    const rows = await this.pool.query<AlertRow & { afterMin: number; escalateTo: AlertSeverity | null }>(
      `select ${columns}, "afterMin", "escalateTo" from (
         select a.*, r.escalate_after_min as "afterMin", r.escalate_to as "escalateTo"
         from alerts a join rules r on r.id = a.rule_id
         where a.status = 'active' and not a.acknowledged and a.escalated_at is null
           and r.enabled and r.escalate_after_min is not null) c
       order by c.first_seen`,
    )
    return rows.rows.map((r) => ({ alert: toAlert(r), afterMin: r.afterMin, escalateTo: r.escalateTo }))
  }

  /**
   * The system escalates the alert once, if it is still active, unacknowledged and not escalated
   * (another replica, or a person, may have come first: then null). `severityOf` gives the new
   * severity from the current one.
   */
  async escalate(
    id: string,
    severityOf: (current: AlertSeverity) => AlertSeverity,
    detail: Record<string, unknown>,
  ): Promise<AlertChanged | null> {
    const current = await this.get(id)
    if (!current || current.status !== 'active' || current.acknowledged) return null
    const to = severityOf(current.severity)
    const row = (
      await this.write<AlertRow>(
        `${lockedSeq}, a as (
           update alerts set seq = s.seq, severity = $2, escalated_at = now() from s
           where alerts.id = $1 and status = 'active' and not acknowledged and escalated_at is null
           returning alerts.*),
         e as (
           insert into alert_events (seq, alert_id, action, actor, detail)
           select a.seq, a.id, 'escalated', 'system', $3 from a)
         select ${columns} from a`,
        [id, to, JSON.stringify({ ...detail, from: current.severity, to })],
      )
    ).rows[0]
    if (!row) return null
    const alert = toAlert(row)
    return { seq: alert.seq, action: 'escalated', alert }
  }

  private write<R extends object>(sql: string, params: unknown[]) {
    return serially(this.pool, () => this.pool.query<R>(sql, params))
  }

  async get(id: string): Promise<Alert | null> {
    if (!validId(id)) return null
    const row = (await this.pool.query<AlertRow>(`select ${columns} from alerts where id = $1`, [id])).rows[0]
    return row ? toAlert(row) : null
  }

  /** The audit trail of one alert, oldest first. */
  async events(id: string): Promise<AlertEvent[]> {
    if (!validId(id)) return []
    const rows = await this.pool.query<{
      seq: string
      alertId: string
      action: AlertAction
      actor: string
      at: Date
      origin: string | null
      detail: Record<string, unknown>
    }>(
      `select seq::text as seq, alert_id::text as "alertId", action, actor, at, origin, detail
       from alert_events where alert_id = $1 order by alert_events.seq`,
      [id],
    )
    return rows.rows.map((r) => ({
      seq: Number(r.seq),
      alertId: r.alertId,
      action: r.action,
      actor: r.actor,
      at: r.at.toISOString(),
      from: r.origin === null ? null : (JSON.parse(r.origin) as RequestOrigin),
      detail: r.detail,
    }))
  }

  /**
   * Alerts matching the query, newest change first; with `sinceSeq`, those changed after it, oldest
   * change first (what a reconnecting client replays); with `beforeSeq`, the next page of older
   * ones. `district` scopes staff of one district.
   */
  async list(query: AlertListQuery, scope: { district: string | null } = { district: null }) {
    const since = query.sinceSeq !== undefined
    const rows = await this.pool.query<AlertRow>(
      `select ${columns} from alerts
       where ($1::text[] is null or status = any($1)) and ($2::text[] is null or severity = any($2))
         and ($3::text[] is null or category = any($3)) and ($4::text is null or district = $4)
         and ($5::text is null or district = $5 or district is null)
         and ($6::boolean is null or acknowledged = $6) and ($7::bigint is null or seq > $7)
         and ($9::bigint is null or seq < $9)
       order by alerts.seq ${since ? 'asc' : 'desc'} limit $8`,
      [
        query.status ?? null,
        query.severity ?? null,
        query.category ?? null,
        query.district ?? null,
        scope.district,
        query.acknowledged ?? null,
        query.sinceSeq ?? null,
        query.limit,
        query.beforeSeq ?? null,
      ],
    )
    return { items: rows.rows.map(toAlert), seq: await this.latestSeq() }
  }

  /** What changed after `sinceSeq`: each alert once, in its latest state. */
  async since(
    sinceSeq: number,
    limit: number,
    scope: { district: string | null } = { district: null },
  ): Promise<{ alerts: Alert[]; seq: number; complete: boolean }> {
    // Read the latest number first: anything committed later is pushed live anyway.
    const seq = await this.latestSeq()
    const rows = await this.pool.query<AlertRow>(
      `select ${columns} from alerts where seq > $1 and ($2::text is null or district = $2 or district is null)
       order by alerts.seq limit $3`,
      [sinceSeq, scope.district, limit + 1],
    )
    const complete = rows.rows.length <= limit
    return { alerts: rows.rows.slice(0, limit).map(toAlert), seq: Math.max(seq, sinceSeq), complete }
  }

  async latestSeq(): Promise<number> {
    const row = (
      await this.pool.query<{ seq: string }>('select coalesce(max(seq), 0)::text as seq from alerts')
    ).rows[0]
    return Number(row?.seq ?? 0)
  }

  /** Active alerts of one rule, for rules that clear by looking at the database (offline). */
  async activeOf(ruleId: string): Promise<Alert[]> {
    const rows = await this.pool.query<AlertRow>(
      `select ${columns} from alerts where rule_id = $1 and status = 'active' order by alerts.seq`,
      [ruleId],
    )
    return rows.rows.map(toAlert)
  }

  /**
   * Per district: active alerts by severity, and the mean time to acknowledge of the alerts first
   * seen since `from` (null when none was acknowledged). Alerts without a district are left out.
   */
  async byDistrict(from: Date): Promise<DistrictAlertFigures[]> {
    const severities = alertSeveritySchema.options
    const counts = severities
      .map((s) => `count(*) filter (where status = 'active' and severity = '${s}')::int as "${s}"`)
      .join(', ')
    const rows = await this.pool.query<
      Record<AlertSeverity, number> & { district: string; mtta: number | null }
    >(
      `select district, ${counts},
         avg(extract(epoch from ack_at - first_seen)) filter (where first_seen >= $1)::float8 as mtta
       from alerts where district is not null and (status = 'active' or first_seen >= $1)
       group by district`,
      [from],
    )
    return rows.rows.map((r) => ({
      district: r.district,
      activeBySeverity: Object.fromEntries(severities.map((s) => [s, r[s]])) as Record<AlertSeverity, number>,
      meanTimeToAcknowledgeSeconds: r.mtta === null ? null : Math.max(0, r.mtta),
    }))
  }

  /**
   * The report's cells: alerts first seen in [from, to) counted per category, district and UTC hour
   * of first sight, with the sums of their times to acknowledge and to resolve (by a person), so
   * that any grouping of the cells (domain, district, shift) has exact means.
   */
  async reportCells(
    from: Date,
    to: Date,
    scope: { district: string | null } = { district: null },
  ): Promise<AlertReportCell[]> {
    const rows = await this.pool.query<AlertReportCell>(
      `with w as (
         select a.category, a.district, extract(hour from a.first_seen at time zone 'UTC')::int as utc_hour,
           extract(epoch from a.ack_at - a.first_seen) as tta,
           extract(epoch from (select min(e.at) from alert_events e
             where e.alert_id = a.id and e.action = 'resolved') - a.first_seen) as ttr
         from alerts a
         where a.first_seen >= $1 and a.first_seen < $2
           and ($3::text is null or a.district = $3 or a.district is null))
       select category, district, utc_hour as "utcHour", count(*)::int as total,
         count(tta)::int as acknowledged, count(ttr)::int as resolved,
         -- not greatest(0, x): it skips nulls, and would count an unacknowledged alert as 0 s
         coalesce(sum(case when tta < 0 then 0 else tta end), 0)::float8 as "ackSeconds",
         coalesce(sum(case when ttr < 0 then 0 else ttr end), 0)::float8 as "resolveSeconds"
       from w group by category, district, utc_hour`,
      [from, to, scope.district],
    )
    return rows.rows
  }

  /** Active alerts by severity and acknowledgement, for the api's metrics (few rows: active only). */
  async activeCounts(): Promise<{ severity: AlertSeverity; acknowledged: boolean; count: number }[]> {
    const rows = await this.pool.query<{ severity: AlertSeverity; acknowledged: boolean; count: number }>(
      `select severity, ack_at is not null as acknowledged, count(*)::int as count
       from alerts where status = 'active' group by 1, 2`,
    )
    return rows.rows
  }

  /** Mean time to acknowledge and to resolve, over the alerts first seen in the window. */
  async stats(
    query: AlertStatsQuery,
    scope: { district: string | null } = { district: null },
  ): Promise<AlertStats> {
    const params = [query.from ?? null, query.to ?? null, query.category ?? null, scope.district]
    const window = `($1::timestamptz is null or first_seen >= $1) and ($2::timestamptz is null or first_seen < $2)
      and ($3::text[] is null or category = any($3)) and ($4::text is null or district = $4 or district is null)`
    const totals = (
      await this.pool.query<{
        total: number
        acknowledged: number
        resolved: number
        mtta: number | null
        mttr: number | null
      }>(
        `with w as (
           select a.first_seen, a.ack_at,
             (select min(e.at) from alert_events e where e.alert_id = a.id and e.action = 'resolved') as resolved_at
           from alerts a where ${window})
         select count(*)::int as total, count(ack_at)::int as acknowledged, count(resolved_at)::int as resolved,
           avg(extract(epoch from ack_at - first_seen))::float8 as mtta,
           avg(extract(epoch from resolved_at - first_seen))::float8 as mttr
         from w`,
        params,
      )
    ).rows[0]!
    const active = await this.pool.query<{ severity: AlertSeverity; n: number }>(
      `select severity, count(*)::int as n from alerts where status = 'active'
         and ($1::text[] is null or category = any($1)) and ($2::text is null or district = $2 or district is null)
         group by severity`,
      [query.category ?? null, scope.district],
    )
    const activeBySeverity = Object.fromEntries(alertSeveritySchema.options.map((s) => [s, 0])) as Record<
      AlertSeverity,
      number
    >
    for (const r of active.rows) activeBySeverity[r.severity] = r.n
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      total: totals.total,
      acknowledged: totals.acknowledged,
      resolved: totals.resolved,
      meanTimeToAcknowledgeSeconds: totals.mtta === null ? null : Math.max(0, totals.mtta),
      meanTimeToResolveSeconds: totals.mttr === null ? null : Math.max(0, totals.mttr),
      activeBySeverity,
    }
  }
}
