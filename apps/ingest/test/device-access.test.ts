import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy, hashSecret, openDatabase, type Database } from '@ioc/db'
import { createEmbeddedTestDatabase, freePort, type TestDatabase } from '@ioc/db/testing'
import { DeviceAccess } from '../src/broker/device-access.js'
import { startEmbeddedBroker, type EmbeddedBroker } from '../src/broker/embedded-broker.js'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'

const service = { user: 'ioc-service', password: 'service-secret' }

describe('embedded broker with device authentication', () => {
  let env: TestDatabase
  let db: Database
  let broker: EmbeddedBroker
  let ingestClient: mqtt.MqttClient
  let ingest: SensorIngest
  const clients: mqtt.MqttClient[] = []

  beforeAll(async () => {
    env = await createEmbeddedTestDatabase()
    db = await openDatabase({ url: env.url, policy: defaultPolicy })
    for (const id of ['aq-hoian-01', 'aq-tamky-01']) {
      await db.devices.upsert(
        { id, kind: 'air_quality', name: id, lat: 15.88, lon: 108.33, district: 'Hội An', metrics: ['pm25'] },
        await hashSecret(`${id}-password`),
      )
    }
    const access = new DeviceAccess({
      devices: db.devices,
      serviceUser: service.user,
      servicePassword: service.password,
    })
    broker = await startEmbeddedBroker({ port: await freePort(), access })
    ingestClient = await mqtt.connectAsync(broker.url, { username: service.user, password: service.password })
    ingest = new SensorIngest(ingestClient, db, { batch: { maxBatch: 100, flushMs: 20, maxBuffered: 1000 } })
    await ingest.start()
  })

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true)
    await ingest?.stop()
    await ingestClient?.endAsync(true)
    await broker?.stop()
    await db?.close()
    await env?.dispose()
  })

  const login = async (username?: string, password?: string) => {
    const client = await mqtt.connectAsync(broker.url, { username, password, reconnectPeriod: 0 })
    clients.push(client)
    return client
  }
  const stored = async (deviceId: string) =>
    (await db.pool.query(`select count(*)::int as n from sensor_readings where device_id = $1`, [deviceId]))
      .rows[0].n

  it('refuses anonymous logins, unknown devices and wrong passwords', async () => {
    await expect(login()).rejects.toThrow(/Not authorized|Bad username or password/)
    await expect(login('aq-hoian-01', 'wrong-password')).rejects.toThrow(
      /Not authorized|Bad username or password/,
    )
    await expect(login('aq-nowhere-01', 'aq-nowhere-01-password')).rejects.toThrow(
      /Not authorized|Bad username or password/,
    )
    await expect(login(service.user, 'not-the-service-password')).rejects.toThrow(
      /Not authorized|Bad username or password/,
    )
  })

  it('stores what a device publishes under its own topic, and nothing it publishes under another', async () => {
    const device = await login('aq-hoian-01', 'aq-hoian-01-password')
    await device.publishAsync(
      'ioc/v1/sensors/aq-hoian-01/readings',
      JSON.stringify({ values: { pm25: 31 } }),
      { qos: 1 },
    )
    await expect.poll(() => stored('aq-hoian-01'), { timeout: 5000 }).toBe(1)

    // MQTT 3.1.1 has no negative PUBACK: aedes drops the publication and closes the connection.
    const impostor = await login('aq-hoian-01', 'aq-hoian-01-password')
    const closed = new Promise<void>((ok) => impostor.once('close', () => ok()))
    impostor.publish('ioc/v1/sensors/aq-tamky-01/readings', JSON.stringify({ values: { pm25: 999 } }), {
      qos: 1,
    })
    await closed
    // give a wrongly admitted message every chance to arrive before checking that none did
    await device.publishAsync(
      'ioc/v1/sensors/aq-hoian-01/readings',
      JSON.stringify({ values: { pm25: 32 } }),
      { qos: 1 },
    )
    await expect.poll(() => stored('aq-hoian-01'), { timeout: 5000 }).toBe(2)
    expect(await stored('aq-tamky-01')).toBe(0)
  })

  it('lets devices publish but not listen in, and lets the services do both', async () => {
    const device = await login('aq-tamky-01', 'aq-tamky-01-password')
    // refused in the SUBACK (0x80), which mqtt.js turns into a rejection
    await expect(device.subscribeAsync('ioc/v1/sensors/#', { qos: 1 })).rejects.toThrow(/Subscribe error/)
    const serviceClient = await login(service.user, service.password)
    const ok = await serviceClient.subscribeAsync('ioc/v1/#', { qos: 1 })
    expect(ok[0]?.qos).toBe(1)
  })
})
