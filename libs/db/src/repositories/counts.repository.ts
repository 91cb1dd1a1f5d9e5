import type { Pool } from '../connection.js'
import type { Dialect } from '../dialect.js'
import { aggregateLevel, alignRange, bucketInterval, type Bucket, type TimeRange } from '../buckets.js'

export interface CountRow {
  ts: Date
  cameraId: string
  label: string
  /** '' when the count is not tied to a line direction (e.g. objects seen in a zone). */
  direction: string
  count: number
}

export interface CountBucket {
  bucket: Date
  label: string
  direction: string
  count: number
}

const origin = `'2000-01-03T00:00:00Z'::timestamptz`

export class CountsRepository {
  constructor(
    private readonly pool: Pool,
    private readonly dialect: Dialect,
  ) {}

  /** Adds to an existing (camera, label, direction, ts) row, so partial counts of one window sum up. */
  async addBatch(batch: readonly CountRow[]): Promise<void> {
    const rows = sumByKey(batch)
    if (rows.length === 0) return
    await this.pool.query(
      `insert into detection_counts (ts, camera_id, label, direction, count)
       select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::int[])
       on conflict (camera_id, label, direction, ts) do update set count = detection_counts.count + excluded.count`,
      [
        rows.map((r) => r.ts),
        rows.map((r) => r.cameraId),
        rows.map((r) => r.label),
        rows.map((r) => r.direction),
        rows.map((r) => r.count),
      ],
    )
  }

  /** Every per-minute row from `from` on (the live flow: a few minutes of every camera). */
  async since(from: Date): Promise<CountRow[]> {
    const result = await this.pool.query<CountRow>(
      `select ts, camera_id as "cameraId", label, direction, count from detection_counts where ts >= $1`,
      [from],
    )
    return result.rows
  }

  async history(cameraId: string, range: TimeRange, bucket: Bucket): Promise<CountBucket[]> {
    const { from, to } = alignRange(range, bucket)
    const params = [cameraId, from, to, bucketInterval(bucket)]
    const sql =
      this.dialect === 'timescaledb'
        ? `select time_bucket($4::interval, bucket, ${origin}) as bucket, label, direction, sum(count)::int as count
           from counts_${aggregateLevel(bucket)}
           where camera_id = $1 and bucket >= $2 and bucket < $3
           group by 1, 2, 3 order by 1, 2, 3`
        : `select date_bin($4::interval, ts, ${origin}) as bucket, label, direction, sum(count)::int as count
           from detection_counts
           where camera_id = $1 and ts >= $2 and ts < $3
           group by 1, 2, 3 order by 1, 2, 3`
    const result = await this.pool.query<CountBucket>(sql, params)
    return result.rows
  }
}

/** One row per key: a single INSERT ... ON CONFLICT may not touch the same row twice. */
function sumByKey(rows: readonly CountRow[]): CountRow[] {
  const byKey = new Map<string, CountRow>()
  for (const row of rows) {
    const key = `${row.cameraId}\u0000${row.label}\u0000${row.direction}\u0000${row.ts.getTime()}`
    const seen = byKey.get(key)
    byKey.set(key, seen ? { ...seen, count: seen.count + row.count } : { ...row })
  }
  return [...byKey.values()]
}
