// Maintenance goes on past a failing step: one broken aggregate (or table) must not keep old rows
// from expiring nor the other aggregates from refreshing, and the failure is named and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, runMaintenance, startMaintenanceTimer, type Database } from '../src/index.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const day = 86400_000

describe.each(testTargets)('maintenance on $name', (target) => {
  let env: TestDatabase
  let db: Database

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('runs every step when an earlier one fails, and reports the failed one', async () => {
    const old = new Date(Date.now() - 200 * day)
    await db.readings.insertBatch([
      { ts: old, deviceId: 'wl-01', metric: 'water_level_cm', value: 100 },
      { ts: new Date(), deviceId: 'wl-01', metric: 'water_level_cm', value: 101 },
    ])
    // detection_events expire in the last step, after the one that breaks
    await db.pool.query(
      `insert into detection_events (ts, camera_id, kind) values ($1, 'cam-1', 'line_crossing')`,
      [old],
    )
    // TimescaleDB's first step breaks (the readings_1m refresh), PostgreSQL's second (camera_health)
    const broken = db.dialect === 'timescaledb' ? 'readings_1m' : 'camera_health'
    await db.pool.query(
      db.dialect === 'timescaledb'
        ? 'drop materialized view readings_1m cascade'
        : 'drop table camera_health cascade',
    )

    const result = await runMaintenance(db.pool, db.dialect, policy, { full: true })
    expect(result.failures).toEqual([
      {
        step: db.dialect === 'timescaledb' ? `refresh ${broken}` : `retention ${broken}`,
        error: expect.stringContaining(broken),
      },
    ])
    if (db.dialect === 'timescaledb') {
      expect(result.refreshed).toEqual(['counts_1m', 'readings_1h', 'counts_1h'])
      expect(result.droppedChunks).toBeGreaterThan(0)
    } else {
      expect(result.deletedRows).toBeGreaterThan(0)
    }
    const left = await db.pool.query(
      `select count(*)::int as n from sensor_readings where device_id = 'wl-01'`,
    )
    expect(left.rows[0].n).toBe(1)

    // the timer logs the failed step by name, counts it and keeps the last run's failures
    const lines: string[] = []
    const timer = startMaintenanceTimer(db.pool, db.dialect, policy, 60_000, (l) => lines.push(l))
    await expect.poll(() => timer.status().runs, { timeout: 30_000 }).toBe(1)
    await timer.stop()
    expect(timer.status()).toMatchObject({
      runs: 1,
      failedSteps: 1,
      lastFailures: [{ step: result.failures[0]!.step }],
    })
    expect(timer.summary()).toEqual({
      ok: false,
      detail: expect.stringMatching(
        `^1 runs, 1 failed steps since start; failing: ${result.failures[0]!.step}: `,
      ),
    })
    expect(lines.some((l) => l.includes(`maintenance step "${result.failures[0]!.step}" failed`))).toBe(true)
    expect(lines.at(-1)).toMatch(/maintenance done in \d+ ms: .*, 1 steps failed$/)
  }, 60_000)
})
