import type { Pool } from '../connection.js'

export interface DeadLetterInput {
  topic: string
  reason: string
  detail: string
  payload: Buffer
  receivedAt?: Date
}

export interface DeadLetterRow {
  id: number
  receivedAt: Date
  topic: string
  reason: string
  detail: string
  payloadPreview: string
  payloadSize: number
}

/** Payloads are kept up to this many bytes: enough to see what a device sent, bounded for floods. */
export const deadLetterPayloadLimit = 4096

export class DeadLettersRepository {
  constructor(private readonly pool: Pool) {}

  async insertBatch(letters: readonly DeadLetterInput[]): Promise<void> {
    if (letters.length === 0) return
    await this.pool.query(
      `insert into dead_letters (received_at, topic, reason, detail, payload, payload_size)
       select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[])`,
      [
        letters.map((l) => l.receivedAt ?? new Date()),
        letters.map((l) => l.topic),
        letters.map((l) => l.reason),
        letters.map((l) => l.detail),
        letters.map((l) => l.payload.subarray(0, deadLetterPayloadLimit)),
        letters.map((l) => l.payload.length),
      ],
    )
  }

  async list(options: { reason?: string; limit?: number } = {}): Promise<DeadLetterRow[]> {
    const result = await this.pool.query<DeadLetterRow & { payload: Buffer | null }>(
      `select id::int as id, received_at as "receivedAt", topic, reason, detail, payload, payload_size as "payloadSize"
       from dead_letters where ($1::text is null or reason = $1) order by received_at desc, id desc limit $2`,
      [options.reason ?? null, options.limit ?? 100],
    )
    return result.rows.map(({ payload, ...row }) => ({
      ...row,
      payloadPreview: payload ? payload.toString('utf8') : '',
    }))
  }

  async countByReason(): Promise<Record<string, number>> {
    const result = await this.pool.query<{ reason: string; n: number }>(
      'select reason, count(*)::int as n from dead_letters group by reason',
    )
    return Object.fromEntries(result.rows.map((r) => [r.reason, r.n]))
  }
}
