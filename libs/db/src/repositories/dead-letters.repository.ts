import { payloadPreview, type DeadLetter } from '@ioc/contracts'
import type { Pool } from '../connection.js'

export interface DeadLetterInput {
  topic: string
  reason: string
  detail: string
  /** At most `deadLetterPayloadLimit` bytes are stored. */
  payload: Buffer
  /** Size of the payload as received, when `payload` was already cut. */
  payloadSize?: number
  receivedAt?: Date
}

/** The contract's dead letter, plus how large the payload really was. */
export interface DeadLetterRow extends DeadLetter {
  payloadSize: number
}

/** Characters of the stored payload shown in answers; the contract allows up to 2000. */
const previewChars = 2000

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
        letters.map((l) => storableText(l.topic)),
        letters.map((l) => l.reason),
        letters.map((l) => storableText(l.detail)),
        letters.map((l) => l.payload.subarray(0, deadLetterPayloadLimit)),
        letters.map((l) => l.payloadSize ?? l.payload.length),
      ],
    )
  }

  /**
   * Newest first. `beforeId` is the id of the last row of the previous page: keyset paging on
   * (received_at, id), read from that row itself so that no timestamp precision is lost, cheap
   * however deep, and nothing is skipped or repeated while new letters arrive.
   */
  async list(options: { reason?: string; limit?: number; beforeId?: string } = {}): Promise<DeadLetterRow[]> {
    const result = await this.pool.query<
      Omit<DeadLetterRow, 'payloadPreview' | 'receivedAt'> & { payload: Buffer | null; receivedAt: Date }
    >(
      `select id::text as id, received_at as "receivedAt", topic, reason, detail, payload, payload_size as "payloadSize"
       from dead_letters
       where ($1::text is null or reason = $1)
         and ($3::bigint is null or (received_at, id) < (select received_at, id from dead_letters where id = $3))
       order by received_at desc, id desc limit $2`,
      [options.reason ?? null, options.limit ?? 100, options.beforeId ?? null],
    )
    return result.rows.map(({ payload, receivedAt, ...row }) => ({
      ...row,
      receivedAt: receivedAt.toISOString(),
      payloadPreview: payload ? payloadPreview(payload, previewChars) : '',
    }))
  }

  async countByReason(): Promise<Record<string, number>> {
    const result = await this.pool.query<{ reason: string; n: number }>(
      'select reason, count(*)::int as n from dead_letters group by reason',
    )
    return Object.fromEntries(result.rows.map((r) => [r.reason, r.n]))
  }
}

/** PostgreSQL text cannot hold NUL, and a device may well send one: shown as U+FFFD instead. */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\ufffd') : text
}
