// A reading the ingest received but had not yet written must not be lost when the ingest dies:
// its PUBACK waits for the write (delayed-acks.ts), so the broker delivers it again to the next
// connection of the same persistent session, and it is stored once.
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultPolicy, openDatabase } from '@ioc/db'
import { createEmbeddedTestDatabase, freePort } from '@ioc/db/testing'
import { startEmbeddedBroker } from '../src/broker/embedded-broker.js'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

describe('sensor PUBACKs', () => {
  it('are sent only once the readings are written, so what a dead ingest held is delivered again', async () => {
    const env = await createEmbeddedTestDatabase()
    cleanups.push(() => env.dispose())
    const db = await openDatabase({ url: env.url, policy: defaultPolicy })
    cleanups.push(() => db.close())
    const broker = await startEmbeddedBroker({ port: await freePort() })
    cleanups.push(() => broker.stop())
    const session = { clientId: `ingest-acks-${process.pid}`, clean: false, reconnectPeriod: 0 }

    // the first ingest holds what it gets in its buffer for a minute, as if it died before writing
    const first = await mqtt.connectAsync(broker.url, session)
    const holding = new SensorIngest(first, db, {
      autoRegister: true,
      batch: { maxBatch: 5000, flushMs: 60_000, maxBuffered: 100_000 },
      ackFlushAt: 1_000_000,
    })
    await holding.start()
    const device = await mqtt.connectAsync(broker.url, { clientId: `device-acks-${process.pid}` })
    cleanups.push(() => device.endAsync(true))
    const base = Math.floor(Date.now() / 1000) * 1000 - 3600_000
    for (let i = 0; i < 20; i++)
      await device.publishAsync(
        'ioc/v1/sensors/acks-1/readings',
        JSON.stringify({ ts: base + i * 1000, values: { pm25: i } }),
        { qos: 1 },
      )
    await expect.poll(() => holding.accepted, { timeout: 10_000 }).toBe(20)
    expect(holding.acks.pending).toBe(20)
    // killed: the connection drops, the buffer is gone
    first.stream.destroy()
    await first.endAsync(true)

    // as main.ts does: the ingest listens before the connection is up, since the broker sends the
    // session's unacknowledged messages right after accepting it
    const second = mqtt.connect(broker.url, session)
    cleanups.push(() => second.endAsync(true))
    const next = new SensorIngest(second, db, { autoRegister: true })
    await new Promise((ok) => second.once('connect', ok))
    await next.start()
    cleanups.push(() => next.stop())
    const stored = async () =>
      (await db.pool.query(`select count(*)::int as n from sensor_readings where device_id = 'acks-1'`))
        .rows[0].n
    await expect.poll(stored, { timeout: 15_000 }).toBe(20)
    await expect.poll(() => next.acks.pending, { timeout: 5000 }).toBe(0)
    expect(next.acks.acked).toBe(20)
  }, 60_000)
})
