import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deviceStatusSchema,
  observationBatchSchema,
  streams,
  type DeviceStatus,
  type Observation,
} from '@ioc/contracts'
import { defaultPolicy, openDatabase, type Database } from '@ioc/db'
import {
  createEmbeddedTestDatabase,
  createPostgresTestDatabase,
  freePort,
  type TestDatabase,
} from '@ioc/db/testing'
import { startEmbeddedBroker, type EmbeddedBroker } from '../src/broker/embedded-broker.js'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'

const mosquittoUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'

const setups = [
  {
    name: 'embedded aedes + embedded PGlite-TimescaleDB',
    embeddedBroker: true,
    database: () => createEmbeddedTestDatabase(),
  },
  { name: 'Mosquitto + PostgreSQL', embeddedBroker: false, database: () => createPostgresTestDatabase() },
]

describe.each(setups)('sensor ingest on $name', (setup) => {
  let env: TestDatabase
  let db: Database
  let broker: EmbeddedBroker | null = null
  let url: string
  let ingestClient: mqtt.MqttClient
  let ingest: SensorIngest
  // device ids unique to this run: Mosquitto is shared with other runs
  const run = `t${process.pid}${Math.floor(Math.random() * 1e6)}`

  beforeAll(async () => {
    env = await setup.database()
    db = await openDatabase({ url: env.url, policy: defaultPolicy })
    if (setup.embeddedBroker) broker = await startEmbeddedBroker({ port: await freePort() })
    url = broker?.url ?? mosquittoUrl
    for (const [id, kind, metrics] of [
      [`aq-${run}`, 'air_quality', ['pm25', 'pm10']],
      [`noise-${run}`, 'noise', ['noise_db']],
    ] as const)
      await db.devices.upsert(
        { id, kind, name: id, lat: null, lon: null, district: null, metrics: [...metrics] },
        null,
      )
    ingestClient = await mqtt.connectAsync(url, { clientId: `ingest-${run}` })
    ingest = new SensorIngest(ingestClient, db, {
      batch: { maxBatch: 100, flushMs: 20, maxBuffered: 10_000 },
      offlineAfterMs: 2500,
    })
    await ingest.start()
  })

  afterAll(async () => {
    await ingest?.stop()
    await ingestClient?.endAsync()
    await broker?.stop()
    await db?.close()
    await env?.dispose()
  })

  it('stores valid readings once and keeps every bad payload as a dead letter with its reason', async () => {
    const watcher = await mqtt.connectAsync(url)
    await watcher.subscribeAsync(streams.liveObservations.filter, { qos: 0 })
    const live: { messages: number; observations: Observation[] } = { messages: 0, observations: [] }
    watcher.on('message', (_topic, payload) => {
      const ours = observationBatchSchema
        .parse(JSON.parse(payload.toString()))
        .filter((o) => o.deviceId === `aq-${run}`)
      if (ours.length) live.messages++
      live.observations.push(...ours)
    })
    const device = await mqtt.connectAsync(url)
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000
    const id = `aq-${run}`
    for (let i = 0; i < 20; i++) {
      await device.publishAsync(
        `ioc/v1/sensors/${id}/readings`,
        JSON.stringify({ ts: t0 + i * 1000, values: { pm25: i, pm10: i * 2 } }),
        { qos: 1 },
      )
    }
    // an array of readings, and one of them again (a redelivery must not count twice)
    const batch = [5, 25, 26].map((i) => ({ ts: new Date(t0 + i * 1000).toISOString(), values: { pm25: i } }))
    await device.publishAsync(`ioc/v1/sensors/${id}/readings`, JSON.stringify(batch), { qos: 1 })
    const bad: [string, string][] = [
      ['{not json', 'bad_json'],
      ['{"values":{"pm25":"high"}}', 'schema'],
      [JSON.stringify({ ts: Date.now() + 30 * 86400_000, values: { pm25: 1 } }), 'ts_out_of_range'],
    ]
    for (const [payload] of bad)
      await device.publishAsync(`ioc/v1/sensors/${id}/readings`, payload, { qos: 1 })
    await device.endAsync()

    const stored = async () =>
      (await db.pool.query(`select count(*)::int as n from sensor_readings where device_id = $1`, [id]))
        .rows[0].n
    // 20 messages x 2 metrics + 2 new readings of the array (the third repeats ts + 5 s of pm25)
    await expect.poll(stored, { timeout: 10_000 }).toBe(42)
    await expect
      .poll(
        async () => (await db.deadLetters.list({ limit: 10 })).filter((l) => l.topic.includes(id)).length,
        { timeout: 10_000 },
      )
      .toBe(3)
    const letters = (await db.deadLetters.list()).filter((l) => l.topic.includes(id))
    expect(letters.map((l) => l.reason).sort()).toEqual(bad.map(([, reason]) => reason).sort())
    expect(letters.find((l) => l.reason === 'bad_json')?.payloadPreview).toBe('{not json')
    expect(ingest.rejectedByReason).toMatchObject({ bad_json: 1, schema: 1, ts_out_of_range: 1 })
    // every accepted reading goes live (the repeat too: live views are not the store)
    const distinct = () => new Set(live.observations.map((o) => `${o.metric}|${o.ts}|${o.value}`)).size
    await expect.poll(distinct, { timeout: 5000 }).toBe(42)
    if (setup.embeddedBroker) {
      // exact counts only on a broker of this test's own: on the shared Mosquitto, the ingest of
      // another test run subscribes to the same topics and republishes these readings too
      expect(live.observations).toHaveLength(43)
      expect(live.messages).toBeLessThan(21)
    }
    expect(live.observations[0]).toEqual({
      deviceId: id,
      metric: 'pm25',
      ts: new Date(t0).toISOString(),
      value: 0,
    })
    await watcher.endAsync()
  })

  it('refuses readings of unregistered devices and of unknown metrics, storing nothing of them', async () => {
    const device = await mqtt.connectAsync(url)
    const ts = Date.now() - 1000
    await device.publishAsync(
      `ioc/v1/sensors/ghost-${run}/readings`,
      JSON.stringify({ ts, values: { pm25: 1 } }),
      {
        qos: 1,
      },
    )
    await device.publishAsync(
      `ioc/v1/sensors/aq-${run}/readings`,
      JSON.stringify({ ts, values: { pm2_5: 1 } }),
      {
        qos: 1,
      },
    )
    await device.endAsync()
    const ours = async () =>
      (await db.deadLetters.list({ limit: 100 }))
        .filter(
          (l) =>
            l.topic.includes(`ghost-${run}`) ||
            (l.topic.includes(`aq-${run}`) && l.reason === 'unknown_metric'),
        )
        .map((l) => l.reason)
        .sort()
    await expect.poll(ours, { timeout: 10_000 }).toEqual(['unknown_device', 'unknown_metric'])
    const ghost = await db.pool.query(`select count(*)::int as n from sensor_readings where device_id = $1`, [
      `ghost-${run}`,
    ])
    expect(ghost.rows[0].n).toBe(0)
    expect(await db.devices.get(`ghost-${run}`)).toBeNull()
  })

  it('announces a device online when it speaks and offline after the configured silence', async () => {
    const id = `noise-${run}`
    const watcher = await mqtt.connectAsync(url)
    const statuses: DeviceStatus[] = []
    watcher.on('message', (_topic, payload) =>
      statuses.push(deviceStatusSchema.parse(JSON.parse(payload.toString()))),
    )
    await watcher.subscribeAsync(streams.deviceStatus.topic({ deviceId: id }), { qos: 1 })
    const device = await mqtt.connectAsync(url)
    await device.publishAsync(
      streams.sensorReadings.topic({ deviceId: id }),
      JSON.stringify({ ts: Date.now() - 500, values: { noise_db: 62 } }),
      { qos: 1 },
    )
    await device.endAsync()
    await expect.poll(() => statuses.map((s) => s.online), { timeout: 10_000 }).toEqual([true])
    expect((await db.devices.get(id))?.online).toBe(true)
    // silent for longer than offlineAfterMs (2.5 s): one offline announcement, and the row says so
    await expect.poll(() => statuses.map((s) => s.online), { timeout: 15_000 }).toEqual([true, false])
    expect(statuses[1]).toMatchObject({ deviceId: id, online: false })
    expect((await db.devices.get(id))?.online).toBe(false)
    await watcher.endAsync()
  })

  it('registers an unknown device on its first reading when auto-registration is on', async () => {
    const id = `auto-${run}`
    const client = await mqtt.connectAsync(url)
    // handle() is called directly: a second subscriber would take messages from the first ingest
    const auto = new SensorIngest(client, db, {
      autoRegister: true,
      batch: { maxBatch: 10, flushMs: 10, maxBuffered: 100 },
    })
    await auto.devices.start()
    auto.handle(
      streams.sensorReadings.topic({ deviceId: id }),
      Buffer.from(JSON.stringify({ values: { water_level_cm: 120 } })),
    )
    await auto.readings.drain()
    await auto.devices.tick()
    expect(await db.devices.get(id)).toMatchObject({
      id,
      kind: 'water_level',
      metrics: ['water_level_cm'],
      online: true,
    })
    expect(auto.rejectedByReason).toEqual({})
    await auto.stop()
    await client.endAsync()
  })
})
