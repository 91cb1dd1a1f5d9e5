// 10,000 hostile messages on one device's own topic, interleaved with its valid readings, through
// the real embedded broker and ingest into the embedded TimescaleDB: every valid reading is stored,
// every other message is a dead letter with a reason, and the history the api answers from (each
// metric, every bucket, before and after the aggregates are materialised) still answers. Two
// readings of 1e308 used to be stored, and then every such query failed with an overflow.
// IOC_FUZZ_SEED replays a run.
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadLetterReasonSchema, metricCatalog, readingPointSchema, streams } from '@ioc/contracts'
import { buckets, defaultPolicy, openDatabase, runMaintenance, type Database } from '@ioc/db'
import { createEmbeddedTestDatabase, freePort, type TestDatabase } from '@ioc/db/testing'
import { startEmbeddedBroker, type EmbeddedBroker } from '../src/broker/embedded-broker.js'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'
import { deviceFuzz, fuzzMetrics } from './support/device-fuzz.js'
import { prng } from './support/fuzz-payloads.js'

const seed = Number(process.env.IOC_FUZZ_SEED ?? 20261201)
const FUZZ = 10_000
const VALID_EVERY = 20
const device = 'fz-01'
const topic = streams.sensorReadings.topic({ deviceId: device })

describe('one sensor under 10,000 fuzzed messages', () => {
  let env: TestDatabase
  let db: Database
  let broker: EmbeddedBroker
  let ingest: SensorIngest
  let ingestClient: mqtt.MqttClient
  let publisher: mqtt.MqttClient

  beforeAll(async () => {
    env = await createEmbeddedTestDatabase()
    db = await openDatabase({ url: env.url, policy: defaultPolicy })
    await db.devices.upsert(
      {
        id: device,
        kind: 'weather',
        name: device,
        lat: null,
        lon: null,
        district: null,
        metrics: fuzzMetrics,
      },
      null,
    )
    broker = await startEmbeddedBroker({ port: await freePort() })
    ingestClient = await mqtt.connectAsync(broker.url, {
      clientId: 'ingest-fuzz-history',
      reconnectPeriod: 0,
    })
    ingest = new SensorIngest(ingestClient, db, {
      batch: { maxBatch: 2000, flushMs: 50, maxBuffered: 200_000 },
    })
    await ingest.start()
    publisher = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 })
  }, 60_000)

  afterAll(async () => {
    await publisher?.endAsync(true)
    await ingest?.stop()
    await ingestClient?.endAsync(true)
    await broker?.stop()
    await db?.close()
    await env?.dispose()
  })

  it('stores every valid reading, dead-letters every other message, and keeps its history answering', async () => {
    const started = Date.now()
    const now = Date.now()
    const fuzz = deviceFuzz(FUZZ, seed, now)
    const rnd = prng(seed ^ 0x5eed)
    // valid readings at the edges of each range, and the smallest float, a second apart
    const validValue = (metric: keyof typeof metricCatalog) => {
      const { min, max } = metricCatalog[metric].range
      return [min, max, 0, 5e-324, -0, (min + max) / 2, min + (max - min) * rnd()][Math.floor(rnd() * 7)]!
    }
    const stored = new Map<string, number[]>()
    const validMessages: string[] = []
    for (let i = 0; i < FUZZ / VALID_EVERY; i++) {
      const values: Record<string, number> = {}
      for (const metric of fuzzMetrics)
        if (rnd() < 0.5 || metric === 'noise_db') values[metric] = validValue(metric)
      for (const [metric, value] of Object.entries(values))
        stored.set(metric, [...(stored.get(metric) ?? []), value])
      validMessages.push(JSON.stringify({ ts: now - 3600_000 + i * 1000, values }))
    }

    for (let i = 0; i < FUZZ; i += VALID_EVERY) {
      const slice = fuzz
        .slice(i, i + VALID_EVERY)
        .map((m) => publisher.publishAsync(topic, m.payload, { qos: 1 }))
      slice.push(publisher.publishAsync(topic, validMessages[i / VALID_EVERY]!, { qos: 1 }))
      await Promise.all(slice)
    }

    const storedRows = [...stored.values()].reduce((n, v) => n + v.length, 0)
    const count = async (sql: string) =>
      ((await db.pool.query(sql, [device, topic])).rows[0].n as number) ?? 0
    const letters = () => count(`select count(*)::int as n from dead_letters where topic = $2 and $1 <> ''`)
    const readings = () =>
      count(`select count(*)::int as n from sensor_readings where device_id = $1 and $2 <> ''`)
    const published = Date.now()
    await expect.poll(readings, { timeout: 30_000, interval: 250 }).toBe(storedRows)
    await expect.poll(letters, { timeout: 30_000, interval: 250 }).toBe(FUZZ)
    expect(ingest.accepted).toBe(validMessages.length)

    const byReason = await db.pool.query<{ reason: string; n: number; blank: number }>(
      `select reason, count(*)::int as n, count(*) filter (where detail = '')::int as blank
       from dead_letters where topic = $1 group by reason order by reason`,
      [topic],
    )
    const kinds = new Map<string, number>()
    for (const m of fuzz) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1)
    console.log(
      `seed ${seed}: ${FUZZ} fuzzed (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}) and ${validMessages.length} valid messages; ` +
        `${storedRows} readings stored; dead letters: ${byReason.rows.map((r) => `${r.reason} ${r.n}`).join(', ')}`,
    )
    for (const row of byReason.rows) {
      expect(deadLetterReasonSchema.safeParse(row.reason).success, row.reason).toBe(true)
      expect(row.blank, `dead letters of ${row.reason} without a detail`).toBe(0)
    }
    const reasons = new Set(byReason.rows.map((r) => r.reason))
    for (const r of ['bad_json', 'schema', 'out_of_range', 'ts_out_of_range', 'unknown_metric', 'too_large'])
      expect(reasons, r).toContain(r)
    const range = await db.pool.query<{ detail: string }>(
      `select detail from dead_letters where topic = $1 and reason = 'out_of_range' and detail like '%: 1e+308 is outside%' limit 1`,
      [topic],
    )
    expect(range.rows[0]?.detail).toMatch(/values\.[a-z0-9_]+: -?1e\+308 is outside -?[\d.]+ to [\d.]+/)

    // what GET /api/sensors/{id}/readings asks the repository, metric by metric, bucket by bucket:
    // first from raw rows (nothing materialised yet), then from the refreshed aggregates
    const window = { from: new Date(now - 2 * 3600_000), to: new Date(now + 60_000) }
    const checkHistory = async () => {
      for (const [metric, values] of stored) {
        for (const bucket of buckets) {
          const points = await db.readings.history(device, metric, window, bucket)
          const parsed = points.map((p) =>
            readingPointSchema.parse({ ...p, bucket: p.bucket.toISOString(), avg: Number(p.avg) }),
          )
          expect(
            parsed.reduce((n, p) => n + p.count, 0),
            `${metric} ${bucket}`,
          ).toBe(values.length)
          // + 0: the database keeps no negative zero
          expect(Math.min(...parsed.map((p) => p.min)) + 0).toBe(Math.min(...values) + 0)
          expect(Math.max(...parsed.map((p) => p.max)) + 0).toBe(Math.max(...values) + 0)
        }
      }
    }
    await checkHistory()
    const maintenance = await runMaintenance(db.pool, db.dialect, defaultPolicy, { full: true })
    expect(maintenance.failures).toEqual([])
    await checkHistory()
    expect(ingest.readings.snapshot().dropped).toBe(0)
    expect(ingest.deadLetters.snapshot().dropped).toBe(0)
    console.log(`fuzz run took ${Date.now() - started} ms (publishing ${published - started} ms)`)
  }, 120_000)
})
