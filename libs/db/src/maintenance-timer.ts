import type { Pool } from './connection.js'
import type { Dialect } from './dialect.js'
import {
  runMaintenance,
  type MaintenanceFailure,
  type MaintenanceResult,
  type StoragePolicy,
} from './policies.js'

/** The advisory lock key of maintenance runs (the migrations have their own). */
const lockKey = `hashtext('ioc_maintenance')`

export interface MaintenanceStatus {
  /** Runs finished since the start. */
  runs: number
  /** Steps that failed since the start, over all runs. */
  failedSteps: number
  /** The failed steps of the last run; empty when every step went through. */
  lastFailures: MaintenanceFailure[]
  lastRunAt: string | null
  /** Ticks that found another replica holding the maintenance lock, so did nothing. */
  skipped: number
}

export interface MaintenanceTimerOptions {
  /**
   * Take the database's advisory lock `hashtext('ioc_maintenance')` for each run, so that replicas
   * sharing a server never run maintenance at once (a tick that finds it held does nothing). True
   * by default; the embedded PGlite's own process turns it off: PGlite is one session shared by
   * every client, where a session lock is granted to all of them, and that process is alone anyway.
   */
  exclusive?: boolean
}

export interface MaintenanceTimer {
  status(): MaintenanceStatus
  /** The status as a pipeline line of a service heartbeat (GET /api/health): not ok while a step fails. */
  summary(): { ok: boolean; detail: string }
  stop(): Promise<void>
}

/**
 * Runs maintenance now (a full aggregate refresh, in case the process was down) and then every
 * interval. Each failed step is logged with its name and counted, and retried next tick (a failed
 * full refresh stays full); runs never overlap.
 */
export function startMaintenanceTimer(
  pool: Pool,
  dialect: Dialect,
  policy: StoragePolicy,
  intervalMs: number,
  log: (line: string) => void,
  options: MaintenanceTimerOptions = {},
): MaintenanceTimer {
  let running: Promise<void> | null = null
  let full = true
  let skipping = false
  const status: MaintenanceStatus = { runs: 0, failedSteps: 0, lastFailures: [], lastRunAt: null, skipped: 0 }
  const retry = `will retry in ${intervalMs / 1000} s`
  // On the lock's own connection: if this process dies mid-run, the server ends the run and frees the lock.
  const run = async (): Promise<MaintenanceResult | null> => {
    if (options.exclusive === false) return runMaintenance(pool, dialect, policy, { full })
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      const lock = await client.query<{ got: boolean }>(`select pg_try_advisory_lock(${lockKey}) as got`)
      if (!lock.rows[0]?.got) return null
      try {
        return await runMaintenance(client, dialect, policy, { full })
      } finally {
        await client.query(`select pg_advisory_unlock(${lockKey})`).catch((err: Error) => (broken = err))
      }
    } finally {
      // a connection that could not unlock is dropped: closing it frees the lock on the server
      client.release(broken)
    }
  }
  const tick = () => {
    if (running) return
    const started = Date.now()
    running = run()
      .catch((err: Error) => ({
        refreshed: [],
        droppedChunks: 0,
        deletedRows: 0,
        compressedChunks: 0,
        failures: [{ step: 'run', error: err.message }],
      }))
      .then((r) => {
        if (r === null) {
          status.skipped++
          // said once per change: every replica but one skips every tick
          if (!skipping) log('maintenance: another replica holds the maintenance lock and runs it; skipped')
          skipping = true
          return
        }
        skipping = false
        if (!r.failures.some((f) => f.step.startsWith('refresh '))) full = false
        status.runs++
        status.failedSteps += r.failures.length
        status.lastFailures = r.failures
        status.lastRunAt = new Date().toISOString()
        for (const f of r.failures)
          log(
            `maintenance step "${f.step}" failed (${status.failedSteps} failed steps since start; ${retry}): ${f.error}`,
          )
        const removed =
          dialect === 'postgres'
            ? `${r.deletedRows} old rows deleted`
            : `${r.droppedChunks} chunks dropped, ${r.compressedChunks} compressed`
        const failed = r.failures.length ? `, ${r.failures.length} steps failed` : ''
        log(
          `maintenance done in ${Date.now() - started} ms: ${r.refreshed.length} aggregates refreshed, ${removed}${failed}`,
        )
      })
      .finally(() => {
        running = null
      })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    status: () => ({ ...status, lastFailures: [...status.lastFailures] }),
    summary: () => {
      const since = `${status.runs} runs, ${status.failedSteps} failed steps since start`
      if (status.runs === 0)
        return {
          ok: true,
          detail: status.skipped
            ? `run by another replica (${status.skipped} ticks skipped)`
            : 'first run under way',
        }
      const failing = status.lastFailures.map((f) => `${f.step}: ${f.error}`).join('; ')
      // the heartbeat's detail holds 500 characters
      const detail = failing ? `${since}; failing: ${failing}` : `${since}; last run ok`
      return { ok: !failing, detail: detail.length > 500 ? `${detail.slice(0, 499)}…` : detail }
    },
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
