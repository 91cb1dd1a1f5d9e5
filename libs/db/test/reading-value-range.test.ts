// Migration 0004 on a database that already stored absurd readings (as deployed ones did): the rows
// become dead letters, the CHECK then refuses any new one, and the aggregates answer again.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buckets,
  createPool,
  defaultPolicy,
  detectDialect,
  migrate,
  migrationsDir,
  ReadingsRepository,
  runMaintenance,
  type Dialect,
  type Pool,
} from '../src/index.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

/** limit of libs/contracts, the bound the migration writes out. */
const limit = 1e12

describe.each(testTargets)('reading value range on $name', (target) => {
  let env: TestDatabase
  let pool: Pool
  let dialect: Dialect
  const now = Date.now()
  const at = (msAgo: number) => new Date(now - msAgo)

  beforeAll(async () => {
    env = await target.create()
    pool = createPool(env.url)
    dialect = await detectDialect(pool)
    // the schema as deployed before 0004
    const before = mkdtempSync(join(tmpdir(), 'ioc-migrations-'))
    for (const file of readdirSync(migrationsDir).filter((f) => f < '0004'))
      cpSync(join(migrationsDir, file), join(before, file))
    await migrate(pool, dialect, before)
    rmSync(before, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await pool?.end()
    await env?.dispose()
  })

  it('moves stored absurd readings to dead letters, keeps the rest, and refuses new ones', async () => {
    await pool.query(
      `insert into sensor_readings (ts, device_id, metric, value) values
         ($1, 'ns-01', 'noise_db', 1e308), ($2, 'ns-01', 'noise_db', 1e308), ($3, 'ns-01', 'pm10', 'NaN'),
         ($1, 'ns-01', 'pm25', '-Infinity'), ($4, 'ns-01', 'noise_db', 61.5), ($5, 'ns-01', 'noise_db', $6)`,
      [at(1000), at(2000), at(3000), at(4000), at(5000), limit],
    )
    const repo = new ReadingsRepository(pool, dialect)
    const range = { from: at(3600_000), to: at(-60_000) }
    // the failure the migration removes: history over the two 1e308 overflows
    await expect(repo.history('ns-01', 'noise_db', range, '1h')).rejects.toThrow(/out of range/)

    expect(await migrate(pool, dialect)).toContain('0004_reading_value_range')

    const letters = await pool.query<{ topic: string; reason: string; detail: string; payload: string }>(
      `select topic, reason, detail, convert_from(payload, 'UTF8') as payload from dead_letters order by detail`,
    )
    expect(letters.rows).toHaveLength(4)
    for (const l of letters.rows) {
      expect(l).toMatchObject({ topic: 'ioc/v1/sensors/ns-01/readings', reason: 'out_of_range' })
      expect(l.detail).toMatch(/^stored reading removed by migration 0004: (noise_db|pm10|pm25) = /)
    }
    expect(letters.rows.map((l) => l.payload)).toContainEqual(
      expect.stringMatching(/^\{"ts":"[^"]+Z","values":\{"noise_db":1e\+308\}\}$/),
    )
    const kept = await pool.query(`select value from sensor_readings order by value`)
    expect(kept.rows.map((r) => r.value)).toEqual([61.5, limit])

    await expect(
      pool.query(`insert into sensor_readings values (now(), 'ns-01', 'noise_db', 1e308)`),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      pool.query(`insert into sensor_readings values (now(), 'ns-01', 'noise_db', 'NaN')`),
    ).rejects.toMatchObject({ code: '23514' })

    const maintenance = await runMaintenance(pool, dialect, defaultPolicy, { full: true })
    expect(maintenance.failures).toEqual([])
    for (const bucket of buckets) {
      const points = await repo.history('ns-01', 'noise_db', range, bucket)
      expect(
        points.reduce((n, p) => n + p.count, 0),
        bucket,
      ).toBe(2)
    }
  })
  it('answers the history of a bucket holding only the smallest float and zeros', async () => {
    // 5e-324 / 2 rounds to zero, which PostgreSQL's float division refuses as an underflow
    await pool.query(
      `insert into sensor_readings (ts, device_id, metric, value) values
         ($1, 'ns-02', 'pm25', 5e-324), ($2, 'ns-02', 'pm25', 0)`,
      [at(1000), at(2000)],
    )
    const repo = new ReadingsRepository(pool, dialect)
    const range = { from: at(3600_000), to: at(-60_000) }
    for (const full of [false, true]) {
      if (full) await runMaintenance(pool, dialect, defaultPolicy, { full: true })
      for (const bucket of buckets) {
        const points = await repo.history('ns-02', 'pm25', range, bucket)
        expect(points, `${bucket}${full ? ' after maintenance' : ''}`).toMatchObject([
          { count: 2, min: 0, max: 5e-324, avg: 0 },
        ])
      }
    }
  })
})
