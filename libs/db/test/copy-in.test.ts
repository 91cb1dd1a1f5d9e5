// The one-write COPY (copy-in.ts) on a real PostgreSQL server: rows copied, a COPY that fails in
// copy-in mode (a repeated key) or before it (no such table) rejects with the server's error and
// leaves the connection usable, though the data and CopyDone were already sent behind the query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../src/index.js'
import { copyIn } from '../src/copy-in.js'
import { createPostgresTestDatabase, type TestDatabase } from '../src/testing.js'

const t0 = Date.UTC(2026, 0, 1)
const copySql = 'copy sensor_readings (ts, device_id, metric, value) from stdin'
const lines = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, i) => `${new Date(t0 + (from + i) * 1000).toISOString()}\tcopy-d1\tpm25\t${i}\n`,
  ).join('')

describe('COPY FROM STDIN in one write', () => {
  let env: TestDatabase
  let db: Database

  beforeAll(async () => {
    env = await createPostgresTestDatabase()
    db = await openDatabase({ url: env.url, policy: { retentionDays: 3650, compressAfterDays: 7 } })
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('copies the rows and answers how many', async () => {
    const client = await db.pool.connect()
    try {
      expect(await copyIn(client, copySql, lines(0, 3000))).toBe(3000)
      expect(await copyIn(client, copySql, lines(3000, 3001))).toBe(1)
      expect((await client.query('select count(*)::int as n from sensor_readings')).rows[0].n).toBe(3001)
    } finally {
      client.release()
    }
  })

  it('rejects a COPY that fails midway or before copy-in mode, and the connection goes on', async () => {
    const client = await db.pool.connect()
    try {
      // rows 2990-3009: 2990-3000 are stored already, so the whole COPY fails and stores nothing
      await expect(copyIn(client, copySql, lines(2990, 3010))).rejects.toMatchObject({ code: '23505' })
      await expect(copyIn(client, 'copy no_such_table (a) from stdin', '1\n')).rejects.toMatchObject({
        code: '42P01',
      })
      // the same connection: the copy messages sent behind both failed queries were ignored
      expect((await client.query('select count(*)::int as n from sensor_readings')).rows[0].n).toBe(3001)
      expect(await copyIn(client, copySql, lines(5000, 5010))).toBe(10)
    } finally {
      client.release()
    }
  })

  it('stores a batch that repeats some readings once (the repository falls back to the insert)', async () => {
    const repeats = [2998, 2999, 3000].map((s) => ({
      ts: new Date(t0 + s * 1000),
      deviceId: 'copy-d1',
      metric: 'pm25',
      value: 1,
    }))
    const fresh = [9000, 9001].map((s) => ({
      ts: new Date(t0 + s * 1000),
      deviceId: 'copy-d1',
      metric: 'pm25',
      value: 2,
    }))
    expect(await db.readings.insertBatch([...repeats, ...fresh])).toBe(2)
    expect(await db.readings.count()).toBe(3001 + 10 + 2)
  })
})
