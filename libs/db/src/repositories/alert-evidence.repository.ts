import type { AlertEvidence, AlertEvidenceKind, Box } from '@ioc/contracts'
import type { Pool } from '../connection.js'

export interface EvidenceInput extends Omit<AlertEvidence, 'takenAt' | 'detectedAt'> {
  alertId: string
  takenAt: Date
  detectedAt: Date
  jpeg: Buffer
}

interface EvidenceRow {
  kind: AlertEvidenceKind
  seq: string
  takenAt: Date
  detectedAt: Date
  boxes: Box[]
}

const validId = (id: string) => /^[1-9][0-9]{0,17}$/.test(id)

/** Camera alerts' snapshots (migration 0006): the raise's and the latest repeat's, per alert. */
export class AlertEvidenceRepository {
  constructor(private readonly pool: Pool) {}

  /** Stores the picture; a newer one of the same kind replaces the older (a later repeat). */
  async keep(input: EvidenceInput): Promise<void> {
    await this.pool.query(
      `insert into alert_evidence (alert_id, kind, seq, taken_at, detected_at, boxes, jpeg)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (alert_id, kind) do update set seq = excluded.seq, taken_at = excluded.taken_at,
         detected_at = excluded.detected_at, boxes = excluded.boxes, jpeg = excluded.jpeg
       where alert_evidence.seq < excluded.seq`,
      [
        input.alertId,
        input.kind,
        input.seq,
        input.takenAt,
        input.detectedAt,
        JSON.stringify(input.boxes),
        input.jpeg,
      ],
    )
  }

  /** What the alert has, without the pictures, raised first. */
  async list(alertId: string): Promise<AlertEvidence[]> {
    if (!validId(alertId)) return []
    const rows = await this.pool.query<EvidenceRow>(
      `select kind, seq::text as seq, taken_at as "takenAt", detected_at as "detectedAt", boxes
       from alert_evidence where alert_id = $1 order by seq`,
      [alertId],
    )
    return rows.rows.map((r) => ({
      kind: r.kind,
      seq: Number(r.seq),
      takenAt: r.takenAt.toISOString(),
      detectedAt: r.detectedAt.toISOString(),
      boxes: r.boxes,
    }))
  }

  async jpeg(alertId: string, kind: AlertEvidenceKind): Promise<{ jpeg: Buffer; takenAt: Date } | null> {
    if (!validId(alertId)) return null
    const row = (
      await this.pool.query<{ jpeg: Buffer; takenAt: Date }>(
        `select jpeg, taken_at as "takenAt" from alert_evidence where alert_id = $1 and kind = $2`,
        [alertId, kind],
      )
    ).rows[0]
    return row ?? null
  }
}
