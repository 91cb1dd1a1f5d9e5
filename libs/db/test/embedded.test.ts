import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  defaultPolicy,
  openDatabase,
  PortInUseError,
  runMaintenance,
  startEmbeddedDatabase,
} from '../src/index.js'
import { createEmbeddedTestDatabase, freePort } from '../src/testing.js'

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
