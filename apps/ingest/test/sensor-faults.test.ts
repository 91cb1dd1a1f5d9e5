// Faults the sensor ingest must survive without losing or duplicating a reading:
// a flood of malformed payloads, a 30 s database outage, a broker restart mid-stream.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { deadLetterReasonSchema, parseSensorPayload } from '@ioc/contracts'
import { defaultPolicy, openDatabase, startEmbeddedDatabase, type Database } from '@ioc/db'
import { createEmbeddedTestDatabase, createPostgresTestDatabase, freePort } from '@ioc/db/testing'
import { startEmbeddedBroker } from '../src/broker/embedded-broker.js'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'
import { fuzzPayloads } from './support/fuzz-payloads.js'
import { MosquittoProcess } from './support/mosquitto-process.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

const countReadings = async (db: Database, prefix: string) =>
  (
    await db.pool.query(`select count(*)::int as n from sensor_readings where device_id like $1`, [
      `${prefix}%`,
    ])
  ).rows[0].n as number

async function startIngest(url: string, db: Database, clientId: string, maxPayloadBytes = 65_536) {
  const client = await mqtt.connectAsync(url, { clientId, clean: false, reconnectPeriod: 300 })
  const ingest = new SensorIngest(client, db, {
    // the devices here are made up by the test: registration is not what it checks
    autoRegister: true,
    maxPayloadBytes,
    batch: { maxBatch: 500, flushMs: 20, maxBuffered: 100_000 },
  })
  await ingest.start()
  cleanups.push(async () => {
    await ingest.stop()
    await client.endAsync(true)
  })
  return ingest
}

describe('sensor ingest under faults', () => {
  it('turns 10,000 malformed payloads into dead letters with reasons and stores every valid reading between them', async () => {
    const env = await createEmbeddedTestDatabase()
    cleanups.push(() => env.dispose())
    const db = await openDatabase({ url: env.url, policy: defaultPolicy })
    cleanups.push(() => db.close())
    const broker = await startEmbeddedBroker({ port: await freePort() })
    cleanups.push(() => broker.stop())
    const ingest = await startIngest(broker.url, db, 'ingest-fuzz')

    const now = Date.now()
    const fuzz = fuzzPayloads(10_000, 20261123)
    // The contract decides what is malformed; the ingest must agree message for message.
    const rejected = fuzz.filter(
      (m) => !parseSensorPayload(m.topic, m.payload, { now, maxSkewMs: 7 * 86400_000, maxBytes: 65_536 }).ok,
    ).length
    expect(rejected).toBeGreaterThan(9_500)

    const publisher = await mqtt.connectAsync(broker.url)
    cleanups.push(() => publisher.endAsync(true))
    const base = Math.floor(now / 1000) * 1000 - 3600_000
    let valid = 0
    for (let i = 0; i < fuzz.length; i += 200) {
      const slice = fuzz.slice(i, i + 200).map((m) => publisher.publishAsync(m.topic, m.payload, { qos: 1 }))
      // a valid reading after every 200 bad ones
      slice.push(
        publisher.publishAsync(
          `ioc/v1/sensors/ok-${i % 7}/readings`,
          JSON.stringify({ ts: base + i * 1000, values: { pm25: i % 100, noise_db: 55 } }),
          { qos: 1 },
        ),
      )
      valid += 2
      await Promise.all(slice)
    }

    await expect.poll(() => countReadings(db, 'ok-'), { timeout: 30_000 }).toBe(valid)
    const letters = async () =>
      (await db.pool.query(`select count(*)::int as n from dead_letters`)).rows[0].n as number
    await expect.poll(letters, { timeout: 30_000, interval: 250 }).toBe(rejected)
    const reasons = await db.pool.query<{ reason: string; blank: number }>(
      `select reason, count(*) filter (where detail = '')::int as blank from dead_letters group by reason`,
    )
    expect(reasons.rows.length).toBeGreaterThanOrEqual(4)
    for (const row of reasons.rows) {
      expect(deadLetterReasonSchema.safeParse(row.reason).success, row.reason).toBe(true)
      expect(row.blank, `dead letters of ${row.reason} without a detail`).toBe(0)
    }
    // the size as received is kept; the stored payload is cut at 4 KB
    const sizes = await db.pool.query(
      `select max(payload_size)::int as received, max(octet_length(payload))::int as stored from dead_letters`,
    )
    expect(sizes.rows[0]).toEqual({ received: expect.any(Number), stored: 4096 })
    expect(sizes.rows[0].received).toBeGreaterThan(65_536)
    expect(ingest.readings.snapshot().dropped).toBe(0)
    expect(ingest.deadLetters.snapshot().dropped).toBe(0)
  }, 120_000)

  it('keeps every reading through a 30 s database outage and stores each once when it returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-outage-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const port = await freePort()
    let server = await startEmbeddedDatabase({ dataDir: dir, port })
    cleanups.push(() => server.stop())
    const db = await openDatabase({ url: server.url, policy: defaultPolicy })
    cleanups.push(() => db.close())
    const broker = await startEmbeddedBroker({ port: await freePort() })
    cleanups.push(() => broker.stop())
    const ingest = await startIngest(broker.url, db, 'ingest-outage')
    const publisher = await mqtt.connectAsync(broker.url)
    cleanups.push(() => publisher.endAsync(true))

    const base = Math.floor(Date.now() / 1000) * 1000 - 3600_000
    let sent = 0
    const publishFor = async (ms: number) => {
      const until = Date.now() + ms
      while (Date.now() < until) {
        await publisher.publishAsync(
          'ioc/v1/sensors/wl-outage/readings',
          JSON.stringify({ ts: base + sent * 100, values: { water_level_cm: 100 + (sent % 50) } }),
          { qos: 1 },
        )
        sent++
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await publishFor(3000)
    await server.stop()
    await publishFor(30_000)
    expect(ingest.readings.failing).toBe(true)
    expect(ingest.readings.snapshot().buffered).toBeGreaterThan(0)
    server = await startEmbeddedDatabase({ dataDir: dir, port })
    await publishFor(2000)

    await expect.poll(() => countReadings(db, 'wl-outage'), { timeout: 30_000 }).toBe(sent)
    expect(ingest.readings.snapshot()).toMatchObject({ dropped: 0, lastError: null })
  }, 120_000)

  it('stores every QoS 1 reading exactly once across a broker restart mid-stream', async () => {
    const env = await createPostgresTestDatabase()
    cleanups.push(() => env.dispose())
    const db = await openDatabase({ url: env.url, policy: defaultPolicy })
    cleanups.push(() => db.close())
    const mosquitto = new MosquittoProcess(await freePort())
    await mosquitto.start()
    cleanups.push(() => mosquitto.dispose())
    await startIngest(mosquitto.url, db, `ingest-restart-${process.pid}`)
    const publisher = await mqtt.connectAsync(mosquitto.url, {
      clientId: `device-restart-${process.pid}`,
      clean: false,
      reconnectPeriod: 300,
    })
    cleanups.push(() => publisher.endAsync(true))

    const base = Math.floor(Date.now() / 1000) * 1000 - 3600_000
    const acks: Promise<unknown>[] = []
    const total = 600
    for (let i = 0; i < total; i++) {
      // mqtt.js keeps unacknowledged QoS 1 messages and sends them again after a reconnect
      acks.push(
        publisher.publishAsync(
          'ioc/v1/sensors/rain-restart/readings',
          JSON.stringify({ ts: base + i * 1000, values: { rainfall_mm: i } }),
          {
            qos: 1,
          },
        ),
      )
      if (i === 200) await mosquitto.stop()
      if (i === 400) await mosquitto.start()
      await new Promise((r) => setTimeout(r, 5))
    }
    await Promise.all(acks)
    await expect.poll(() => countReadings(db, 'rain-restart'), { timeout: 30_000 }).toBe(total)
    const values = await db.pool.query(
      `select count(distinct value)::int as n from sensor_readings where device_id = 'rain-restart'`,
    )
    expect(values.rows[0].n).toBe(total)
  }, 120_000)
})
