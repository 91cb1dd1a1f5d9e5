// The raw write limit, measured on the same table with the same rows and batch size as the
// pipeline: what a bare `pg` client reaches with nothing in front of the database.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { readingsCopyText, type Database, type ReadingRow } from '@ioc/db'

export interface LimitResult {
  readingsPerS: number
  ms: number
  stored: number
}

function batches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

async function measure(db: Database, rows: readonly ReadingRow[], write: () => Promise<void>) {
  // the same empty table as the pipeline started from (TRUNCATE also drops TimescaleDB chunks)
  await db.pool.query('truncate sensor_readings')
  const t0 = performance.now()
  await write()
  const ms = performance.now() - t0
  const stored = await db.readings.count()
  return { readingsPerS: rows.length / (ms / 1000), ms, stored }
}

/**
 * COPY FROM STDIN in text format, one COPY per batch, one after another on one connection, as
 * the writer writes. Formatting the text is timed too (the repository's formatter, so the limit is
 * not slowed by a worse one): it is part of what a writer would do.
 */
export async function copyLimit(
  db: Database,
  url: string,
  rows: readonly ReadingRow[],
  batchSize: number,
  timeoutMs: number,
): Promise<LimitResult> {
  const client = new pg.Client({ connectionString: url, statement_timeout: timeoutMs })
  client.on('error', () => {}) // reported by the query that fails
  await client.connect()
  try {
    return await measure(db, rows, async () => {
      for (const batch of batches(rows, batchSize)) {
        const text = readingsCopyText(batch)
        const sink = client.query(copyFrom('copy sensor_readings (ts, device_id, metric, value) from stdin'))
        await pipeline(Readable.from([text]), sink)
      }
    })
  } finally {
    await client.end().catch(() => {})
  }
}

/** The repository's own insertBatch (COPY on servers, unnest on PGlite) without MQTT or the writer. */
export async function insertLimit(
  db: Database,
  rows: readonly ReadingRow[],
  batchSize: number,
): Promise<LimitResult> {
  return measure(db, rows, async () => {
    for (const batch of batches(rows, batchSize)) await db.readings.insertBatch(batch)
  })
}
