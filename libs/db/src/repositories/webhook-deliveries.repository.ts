import type { AlertWebhookDelivery, WebhookEvent } from '@ioc/contracts'
import type { Pool } from '../connection.js'

interface DeliveryRow {
  id: string
  event: WebhookEvent
  seq: string
  target: string
  state: AlertWebhookDelivery['state']
  attempts: number
  lastStatus: number | null
  lastError: string | null
  updatedAt: Date
}

const columns = `id::text as id, event, seq::text as seq, target, state, attempts, last_status as "lastStatus",
  last_error as "lastError", updated_at as "updatedAt"`

const validId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id)

/** A delivery another replica left pending, to be taken over. */
export interface PendingDelivery {
  id: string
  alertId: string
  seq: number
  event: WebhookEvent
  attempts: number
  /** null only for a delivery opened before migration 0013 or cut off between its two writes. */
  body: string | null
}

/** Webhook deliveries of alert changes and their attempts (migrations 0008, 0013). */
export class WebhookDeliveriesRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * A new delivery, pending and claimed by `holder` for `claimMs`; its id is the delivery id the
   * receiver sees on every attempt. `bodyOf` makes the bytes to send from it, kept for a takeover.
   */
  async open(
    delivery: { alertId: string; seq: number; event: WebhookEvent; target: string },
    holder: string,
    claimMs: number,
    bodyOf: (id: string) => string,
  ): Promise<{ id: string; body: string }> {
    const { id } = (
      await this.pool.query<{ id: string }>(
        `insert into alert_webhook_deliveries (alert_id, seq, event, target, claimed_by, claimed_until)
         values ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond') returning id::text as id`,
        [delivery.alertId, delivery.seq, delivery.event, delivery.target, holder, claimMs],
      )
    ).rows[0]!
    const body = bodyOf(id)
    await this.pool.query('update alert_webhook_deliveries set body = $2 where id = $1', [id, body])
    return { id, body }
  }

  /**
   * Extends `holder`'s claim before an attempt; false when it lapsed or another replica took the
   * delivery over (then this one must not send: the other does).
   */
  async renew(id: string, holder: string, claimMs: number): Promise<boolean> {
    const res = await this.pool.query(
      `update alert_webhook_deliveries set claimed_until = now() + $3 * interval '1 millisecond'
       where id = $1 and state = 'pending' and claimed_by = $2 and claimed_until > now()`,
      [id, holder, claimMs],
    )
    return (res.rowCount ?? 0) > 0
  }

  /** Records one attempt: its HTTP status or error, and the delivery's state after it. */
  async attempted(
    id: string,
    result: { state: AlertWebhookDelivery['state']; status: number | null; error: string | null },
  ): Promise<void> {
    await this.pool.query(
      `update alert_webhook_deliveries set attempts = attempts + 1, state = $2, last_status = $3,
         last_error = $4, updated_at = now() where id = $1`,
      [id, result.state, result.status, result.error?.slice(0, 500) ?? null],
    )
  }

  /** Pending deliveries whose claim lapsed (their replica died or stopped), now claimed by `holder`. */
  async takeOver(holder: string, claimMs: number, limit = 50): Promise<PendingDelivery[]> {
    const rows = await this.pool.query<PendingDelivery>(
      `update alert_webhook_deliveries d set claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond'
       where d.id in (select id from alert_webhook_deliveries
                      where state = 'pending' and (claimed_until is null or claimed_until <= now())
                      order by id limit $3 for update skip locked)
       returning d.id::text as id, d.alert_id::text as "alertId", d.seq::int as seq, d.event, d.attempts, d.body`,
      [holder, claimMs, limit],
    )
    return rows.rows
  }

  /** Gives up `holder`'s claims at once (the api stops): another replica need not wait for them to lapse. */
  async release(holder: string): Promise<void> {
    await this.pool.query(
      `update alert_webhook_deliveries set claimed_until = null where claimed_by = $1 and state = 'pending'`,
      [holder],
    )
  }

  async list(alertId: string): Promise<AlertWebhookDelivery[]> {
    if (!validId(alertId)) return []
    const rows = await this.pool.query<DeliveryRow>(
      `select ${columns} from alert_webhook_deliveries where alert_id = $1 order by id`,
      [alertId],
    )
    return rows.rows.map((r) => ({ ...r, seq: Number(r.seq), updatedAt: r.updatedAt.toISOString() }))
  }
}
