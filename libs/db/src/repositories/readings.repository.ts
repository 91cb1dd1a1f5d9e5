import { isoTimestamp } from '@ioc/contracts'
import type { Pool } from '../connection.js'
import { copyIn } from '../copy-in.js'
import type { Dialect } from '../dialect.js'
import { aggregateLevel, alignRange, bucketInterval, type Bucket, type TimeRange } from '../buckets.js'

export interface ReadingRow {
  ts: Date
  deviceId: string
  metric: string
  value: number
}

export interface ReadingBucket {
  bucket: Date
  avg: number
  min: number
  max: number
  count: number
}

/**
 * The rows as COPY text (ts, device_id, metric, value). Ids and metric names are checked patterns
 * (no tab, newline or backslash) and values finite, so nothing needs escaping. The metrics of one
 * reading share one Date (SensorIngest builds them so), and its text is formatted once for them.
 */
export function readingsCopyText(rows: readonly ReadingRow[]): string {
  let text = ''
  let lastTs: Date | null = null
  let lastIso = ''
  for (const r of rows) {
    if (r.ts !== lastTs) {
      lastTs = r.ts
      lastIso = isoTimestamp(r.ts.getTime())
    }
    text += `${lastIso}\t${r.deviceId}\t${r.metric}\t${r.value}\n`
  }
  return text
}

// Same origin for both dialects; buckets divide a day, so any midnight would do.
const origin = `'2000-01-03T00:00:00Z'::timestamptz`

export class ReadingsRepository {
  constructor(
    private readonly pool: Pool,
    private readonly dialect: Dialect,
    /** COPY FROM STDIN is there on servers; the embedded PGlite's socket cannot carry it. */
    private readonly canCopy = false,
  ) {}

  /**
   * Stores a batch; a reading already stored for the same (device, metric, ts) is skipped, so a
   * redelivered MQTT message is not counted twice. Returns how many rows were new.
   *
   * On a server the batch goes in by COPY, about twice as fast as an insert, but COPY has no
   * `on conflict`: one repeated reading makes the whole COPY fail and store nothing, and the batch
   * is then written again by the insert that skips repeats. Repeats are rare (redeliveries after a
   * restart), so nearly every batch takes the fast path.
   */
  async insertBatch(rows: readonly ReadingRow[]): Promise<number> {
    if (rows.length === 0) return 0
    if (this.canCopy) {
      try {
        await this.copyBatch(rows)
        return rows.length
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err // unique_violation: repeats
      }
    }
    return this.insertSkippingRepeats(rows)
  }

  private async copyBatch(rows: readonly ReadingRow[]): Promise<void> {
    const text = readingsCopyText(rows)
    const client = await this.pool.connect()
    try {
      // one write and one round trip (copy-in.ts): batches are small while PUBACKs wait for them
      await copyIn(client, 'copy sensor_readings (ts, device_id, metric, value) from stdin', text)
      client.release()
    } catch (err) {
      client.release(err as Error) // a connection that failed mid-COPY is not reused
      throw err
    }
  }

  /** One statement for the whole batch (unnest of four arrays), repeats skipped. */
  private async insertSkippingRepeats(rows: readonly ReadingRow[]): Promise<number> {
    const result = await this.pool.query(
      `insert into sensor_readings (ts, device_id, metric, value)
       select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[])
       on conflict do nothing`,
      [
        rows.map((r) => r.ts),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.metric),
        rows.map((r) => r.value),
      ],
    )
    return result.rowCount ?? 0
  }

  /** Buckets with at least one reading, oldest first; the range is widened to whole buckets. */
  async history(
    deviceId: string,
    metric: string,
    range: TimeRange,
    bucket: Bucket,
  ): Promise<ReadingBucket[]> {
    const { from, to } = alignRange(range, bucket)
    const params = [deviceId, metric, from, to, bucketInterval(bucket)]
    const sql =
      this.dialect === 'timescaledb'
        ? `select time_bucket($5::interval, bucket, ${origin}) as bucket,
                  sum(sum) as sum, min(min) as min, max(max) as max, sum(count)::int as count
           from readings_${aggregateLevel(bucket)}
           where device_id = $1 and metric = $2 and bucket >= $3 and bucket < $4
           group by 1 order by 1`
        : `select date_bin($5::interval, ts, ${origin}) as bucket,
                  sum(value) as sum, min(value) as min, max(value) as max, count(*)::int as count
           from sensor_readings
           where device_id = $1 and metric = $2 and ts >= $3 and ts < $4
           group by 1 order by 1`
    // The average is divided here, not in SQL: PostgreSQL raises "value out of range: underflow"
    // when a float division rounds to zero (a bucket holding only 5e-324 and zeros), and one such
    // reading would take the whole history answer down.
    const result = await this.pool.query<Omit<ReadingBucket, 'avg'> & { sum: number }>(sql, params)
    return result.rows.map(({ sum, ...row }) => ({ ...row, avg: sum / row.count }))
  }

  /**
   * One metric's raw readings in [from, to), in time order (device id breaking ties), `limit` at a
   * time after the (ts, deviceId) of the previous page: what a rule preview replays.
   */
  async replayPage(options: {
    metric: string
    from: Date
    to: Date
    /** The previous page's last row (`tsKey`: its time to the microsecond, as text). */
    after: { tsKey: string; deviceId: string } | null
    limit: number
    deviceIds?: readonly string[]
  }): Promise<(ReadingRow & { tsKey: string })[]> {
    const { metric, from, to, after, limit, deviceIds } = options
    const result = await this.pool.query<ReadingRow & { tsKey: string }>(
      `select ts, ts::text as "tsKey", device_id as "deviceId", metric, value from sensor_readings
       where metric = $1 and ts >= $2 and ts < $3
         and ($4::timestamptz is null or (ts, device_id) > ($4::timestamptz, $5::text))
         and ($6::text[] is null or device_id = any($6::text[]))
       order by ts, device_id limit $7`,
      [metric, from, to, after?.tsKey ?? null, after?.deviceId ?? '', deviceIds ?? null, limit],
    )
    return result.rows
  }

  /**
   * The moments each device was heard in [from, to) (a stored reading of any metric), in time
   * order (device id breaking ties), `limit` at a time after the previous page's last: what the
   * preview of an offline rule replays.
   */
  async heardPage(options: {
    from: Date
    to: Date
    after: { tsKey: string; deviceId: string } | null
    limit: number
    deviceIds?: readonly string[]
  }): Promise<{ ts: Date; tsKey: string; deviceId: string }[]> {
    const { from, to, after, limit, deviceIds } = options
    const result = await this.pool.query<{ ts: Date; tsKey: string; deviceId: string }>(
      `select distinct ts, ts::text as "tsKey", device_id as "deviceId" from sensor_readings
       where ts >= $1 and ts < $2
         and ($3::timestamptz is null or (ts, device_id) > ($3::timestamptz, $4::text))
         and ($5::text[] is null or device_id = any($5::text[]))
       order by ts, device_id limit $6`,
      [from, to, after?.tsKey ?? null, after?.deviceId ?? '', deviceIds ?? null, limit],
    )
    return result.rows
  }

  /**
   * When each registered device was last heard before `before`, devices never heard left out: one
   * backward index step per (device, metric) of the primary key, however long the history.
   */
  async lastHeardBefore(before: Date, deviceIds?: readonly string[]): Promise<Map<string, Date>> {
    const result = await this.pool.query<{ deviceId: string; ts: Date }>(
      `select d.id as "deviceId", max(r.ts) as ts
       from devices d
       cross join lateral jsonb_array_elements_text(d.metrics) as m(metric)
       cross join lateral (
         select s.ts from sensor_readings s
         where s.device_id = d.id and s.metric = m.metric and s.ts < $1
         order by s.ts desc limit 1
       ) r
       where ($2::text[] is null or d.id = any($2::text[]))
       group by d.id`,
      [before, deviceIds ?? null],
    )
    return new Map(result.rows.map((r) => [r.deviceId, r.ts]))
  }

  async latest(deviceId: string): Promise<ReadingRow[]> {
    const result = await this.pool.query<ReadingRow>(
      `select distinct on (metric) ts, device_id as "deviceId", metric, value
       from sensor_readings where device_id = $1 order by metric, ts desc`,
      [deviceId],
    )
    return result.rows
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('select count(*)::int as n from sensor_readings')
    return result.rows[0]?.n ?? 0
  }
}
