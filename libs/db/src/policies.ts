import type { PoolClient } from 'pg'
import type { Pool } from './connection.js'
import type { Dialect } from './dialect.js'

export interface StoragePolicy {
  /** Raw time-series rows older than this are dropped (aggregates keep their history). */
  retentionDays: number
  /** TimescaleDB compresses chunks older than this. */
  compressAfterDays: number
}

/** Raw time-series tables, each with the column that ages it out. */
const timeSeriesTables = ['sensor_readings', 'camera_health', 'detection_counts', 'detection_events'] as const
const compressedTables = ['sensor_readings', 'detection_counts', 'camera_health'] as const

/** How far back each aggregate is refreshed on every tick; older buckets no longer change. */
const aggregates = [
  { view: 'readings_1m', window: '3 hours', offset: '1 minute', every: '1 minute' },
  { view: 'counts_1m', window: '3 hours', offset: '1 minute', every: '1 minute' },
  { view: 'readings_1h', window: '3 days', offset: '1 hour', every: '30 minutes' },
  { view: 'counts_1h', window: '3 days', offset: '1 hour', every: '30 minutes' },
] as const

/**
 * Installs TimescaleDB's background policies with the configured intervals. A policy already in
 * force with the same interval is left alone (every service calls this at start); a changed
 * interval replaces it. A no-op on plain PostgreSQL.
 */
export async function applyPolicies(pool: Pool, dialect: Dialect, policy: StoragePolicy): Promise<void> {
  if (dialect !== 'timescaledb') return
  for (const table of timeSeriesTables) {
    await replaceUnlessCurrent(pool, table, 'retention', policy.retentionDays)
  }
  for (const table of compressedTables) {
    await replaceUnlessCurrent(pool, table, 'compression', policy.compressAfterDays)
  }
  for (const a of aggregates) {
    await pool.query(
      `select add_continuous_aggregate_policy($1, start_offset => $2::interval, end_offset => $3::interval,
         schedule_interval => $4::interval, if_not_exists => true)`,
      [a.view, a.window, a.offset, a.every],
    )
  }
}

const policyKinds = {
  retention: { proc: 'policy_retention', key: 'drop_after' },
  compression: { proc: 'policy_compression', key: 'compress_after' },
} as const

async function replaceUnlessCurrent(
  pool: Pool,
  table: string,
  kind: keyof typeof policyKinds,
  days: number,
): Promise<void> {
  const { proc, key } = policyKinds[kind]
  const current = await pool.query(
    `select 1 from timescaledb_information.jobs
     where hypertable_name = $1 and proc_name = $2 and (config->>$3)::interval = make_interval(days => $4)`,
    [table, proc, key, days],
  )
  if (current.rowCount) return
  await pool.query(`select remove_${kind}_policy($1, if_exists => true)`, [table])
  await pool.query(`select add_${kind}_policy($1, make_interval(days => $2))`, [table, days])
}

export interface MaintenanceFailure {
  /** e.g. "refresh readings_1m", "retention sensor_readings", "compression camera_health" */
  step: string
  error: string
}

export interface MaintenanceResult {
  refreshed: string[]
  droppedChunks: number
  deletedRows: number
  compressedChunks: number
  /** The steps that failed; every other step ran all the same. */
  failures: MaintenanceFailure[]
}

/**
 * What the policies do on a server, done by hand: PGlite runs no background jobs, and plain
 * PostgreSQL has none. `full` refreshes aggregates over all time (first run after a start).
 * Each step (one aggregate's refresh, one table's retention or compression) runs whether or not
 * another failed: one broken aggregate must not stop old rows from expiring, nor the others.
 */
export async function runMaintenance(
  pool: Pool | PoolClient,
  dialect: Dialect,
  policy: StoragePolicy,
  options: { full?: boolean } = {},
): Promise<MaintenanceResult> {
  const result: MaintenanceResult = {
    refreshed: [],
    droppedChunks: 0,
    deletedRows: 0,
    compressedChunks: 0,
    failures: [],
  }
  const step = async (name: string, run: () => Promise<void>) => {
    try {
      await run()
    } catch (err) {
      result.failures.push({ step: name, error: err instanceof Error ? err.message : String(err) })
    }
  }
  if (dialect === 'postgres') {
    for (const table of timeSeriesTables) {
      await step(`retention ${table}`, async () => {
        const deleted = await pool.query(
          `delete from ${table} where ts < now() - make_interval(days => $1)`,
          [policy.retentionDays],
        )
        result.deletedRows += deleted.rowCount ?? 0
      })
    }
    return result
  }
  for (const a of aggregates) {
    await step(`refresh ${a.view}`, async () => {
      // CALL cannot take bind parameters for a window that may be null, so the bounds are literals.
      const start = options.full ? 'null' : `now() - interval '${a.window}'`
      await pool.query(
        `call refresh_continuous_aggregate('${a.view}', ${start}, now() - interval '${a.offset}')`,
      )
      result.refreshed.push(a.view)
    })
  }
  for (const table of timeSeriesTables) {
    await step(`retention ${table}`, async () => {
      const dropped = await pool.query(
        `select drop_chunks($1, older_than => now() - make_interval(days => $2))`,
        [table, policy.retentionDays],
      )
      result.droppedChunks += dropped.rowCount ?? 0
    })
  }
  for (const table of compressedTables) {
    await step(`compression ${table}`, async () => {
      const compressed = await pool.query(
        `select compress_chunk(c, if_not_compressed => true)
         from show_chunks($1, older_than => now() - make_interval(days => $2)) c`,
        [table, policy.compressAfterDays],
      )
      result.compressedChunks += compressed.rowCount ?? 0
    })
  }
  return result
}
