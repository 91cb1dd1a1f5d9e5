import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  applyPolicies,
  defaultPolicy,
  openDatabase,
  PortInUseError,
  runMaintenance,
  startEmbeddedDatabase,
} from '../src/index.js'
import { createEmbeddedTestDatabase, freePort } from '../src/testing.js'

const policy = defaultPolicy

describe('embedded database', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('keeps rows across a stop and a start on the same data directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-persist-'))
    dirs.push(dir)
    const first = await createEmbeddedTestDatabase(dir)
    const db = await openDatabase({ url: first.url, policy: defaultPolicy })
    const ts = new Date(Math.floor(Date.now() / 1000) * 1000)
    await db.readings.insertBatch([
      { ts, deviceId: 'rain-dienban-01', metric: 'rainfall_mm', value: 12.5 },
      { ts, deviceId: 'rain-dienban-01', metric: 'water_level_cm', value: 231 },
    ])
    await db.close()
    await first.dispose()

    const second = await createEmbeddedTestDatabase(dir)
    const again = await openDatabase({ url: second.url, policy: defaultPolicy })
    try {
      expect(again.dialect).toBe('timescaledb')
      const rows = await again.readings.latest('rain-dienban-01')
      expect(rows).toEqual([
        { ts, deviceId: 'rain-dienban-01', metric: 'rainfall_mm', value: 12.5 },
        { ts, deviceId: 'rain-dienban-01', metric: 'water_level_cm', value: 231 },
      ])
      // The licensed half of TimescaleDB (aggregates, policies) must work after a restart too.
      await runMaintenance(again.pool, again.dialect, defaultPolicy, { full: true })
      const hour = { from: new Date(ts.getTime() - 3600_000), to: new Date(ts.getTime() + 1000) }
      expect(await again.readings.history('rain-dienban-01', 'rainfall_mm', hour, '1h')).toMatchObject([
        { avg: 12.5, count: 1 },
      ])
    } finally {
      await again.close()
      await second.dispose()
    }
  })

  it('keeps TimescaleDB policies in force and replaces a changed one', async () => {
    const env = await createEmbeddedTestDatabase()
    const db = await openDatabase({ url: env.url, policy })
    try {
      const jobs = async () =>
        (
          await db.pool.query<{
            job_id: number
            hypertable_name: string
            proc_name: string
            config: Record<string, string>
          }>(
            `select job_id, hypertable_name, proc_name, config from timescaledb_information.jobs
           where proc_name in ('policy_retention', 'policy_compression') order by hypertable_name, proc_name`,
          )
        ).rows
      const before = await jobs()
      expect(before).toHaveLength(7)
      await applyPolicies(db.pool, db.dialect, policy)
      expect(await jobs()).toEqual(before)
      await applyPolicies(db.pool, db.dialect, { ...policy, retentionDays: 30 })
      const after = await jobs()
      const retention = after.filter((j) => j.proc_name === 'policy_retention')
      expect(retention.map((j) => j.config.drop_after)).toEqual(['30 days', '30 days', '30 days', '30 days'])
      expect(after.filter((j) => j.proc_name === 'policy_compression')).toEqual(
        before.filter((j) => j.proc_name === 'policy_compression'),
      )
    } finally {
      await db.close()
      await env.dispose()
    }
  })

  it('refuses a port in use with a message that names the variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-port-'))
    dirs.push(dir)
    const running = await createEmbeddedTestDatabase()
    try {
      const err = await startEmbeddedDatabase({ dataDir: dir, port: running.server.port }).catch(
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(PortInUseError)
      expect((err as Error).message).toBe(
        `port ${running.server.port} is already in use (another IOC instance?); stop it or choose another port with IOC_EMBEDDED_DB_PORT`,
      )
    } finally {
      await running.dispose()
    }
  })

  it('explains an unreachable server without a stack trace or the password', async () => {
    const port = await freePort()
    const url = `postgres://ioc:s3cret@127.0.0.1:${port}/ioc`
    const err = await openDatabase({ url, policy: defaultPolicy, connectTimeoutMs: 2000 }).catch(
      (e: unknown) => e,
    )
    expect((err as Error).message).toBe(
      `cannot reach the database at postgres://ioc:***@127.0.0.1:${port}/ioc: connection refused (is the server running, and on that port?)`,
    )
  })
})
