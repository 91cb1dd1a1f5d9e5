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

/** Webhook deliveries of alert changes and their attempts (migration 0008). */
export class WebhookDeliveriesRepository {
  constructor(private readonly pool: Pool) {}

  /** A new delivery, pending; its id is the delivery id the receiver sees on every attempt. */
  async open(alertId: string, seq: number, event: WebhookEvent, target: string): Promise<string> {
    const row = (
      await this.pool.query<{ id: string }>(
        `insert into alert_webhook_deliveries (alert_id, seq, event, target) values ($1, $2, $3, $4)
         returning id::text as id`,
        [alertId, seq, event, target],
      )
    ).rows[0]!
    return row.id
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

  async list(alertId: string): Promise<AlertWebhookDelivery[]> {
    if (!validId(alertId)) return []
    const rows = await this.pool.query<DeliveryRow>(
      `select ${columns} from alert_webhook_deliveries where alert_id = $1 order by id`,
      [alertId],
    )
    return rows.rows.map((r) => ({ ...r, seq: Number(r.seq), updatedAt: r.updatedAt.toISOString() }))
  }
}
