import type { Pool } from './connection.js'
import type { Dialect } from './dialect.js'
import { runMaintenance, type StoragePolicy } from './policies.js'

export interface MaintenanceTimer {
  stop(): Promise<void>
}

/**
 * Runs maintenance now (a full aggregate refresh, in case the process was down) and then every
 * interval. A failed run is logged and retried next tick; runs never overlap.
 */
export function startMaintenanceTimer(
  pool: Pool,
  dialect: Dialect,
  policy: StoragePolicy,
  intervalMs: number,
  log: (line: string) => void,
): MaintenanceTimer {
  let running: Promise<void> | null = null
  let first = true
  const tick = () => {
    if (running) return
    const started = Date.now()
    running = runMaintenance(pool, dialect, policy, { full: first })
      .then((r) => {
        first = false
        const removed =
          dialect === 'postgres'
            ? `${r.deletedRows} old rows deleted`
            : `${r.droppedChunks} chunks dropped, ${r.compressedChunks} compressed`
        log(
          `maintenance done in ${Date.now() - started} ms: ${r.refreshed.length} aggregates refreshed, ${removed}`,
        )
      })
      .catch((err: Error) => log(`maintenance failed (will retry in ${intervalMs / 1000} s): ${err.message}`))
      .finally(() => {
        running = null
      })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
