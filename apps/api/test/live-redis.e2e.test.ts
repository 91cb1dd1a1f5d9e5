// Two api replicas with REDIS_URL on the real Redis (TEST_REDIS_URL, default 127.0.0.1:6379), one
// PostgreSQL database and one broker: an alert change made on replica A reaches a client of replica
// B through the Redis Streams adapter (with Redis the MQTT relay no longer pushes to sockets, so
// Redis is the only way it can arrive), exactly once; what every replica hears from MQTT itself
// (readings) reaches that client once, not once per replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { createClient } from 'redis'
import { io, type Socket } from 'socket.io-client'
import {
  parseServerEvent,
  streams,
  type AlertChanged,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@ioc/contracts'
import type { INestApplication } from '@nestjs/common'
import { parseEnv } from '@ioc/config'
import { testTargets } from '@ioc/db/testing'
import { createApi } from '../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../src/config.js'
import { deploymentId } from '../src/messaging/deployment-id.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { demoPassword, startTestApi, testBrokerUrl, type TestApi } from './support/api.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const run = `${process.pid}-${Date.now() % 100000}`
const jwtSecret = `e2e-live-redis-secret-${run}-0123456789abcdef`
const postgres = testTargets.find((t) => t.name === 'postgres')!
const WAIT_MS = 15_000

const until = async (what: string, ok: () => boolean) => {
  const end = Date.now() + WAIT_MS
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not within ${WAIT_MS} ms: ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('two api replicas sharing live push through Redis', () => {
  let a: TestApi
  let b: INestApplication
  let broker: MqttClient
  let socketB: Client
  const device = `e2e-redis-${run}`
  const ruleId = `jam-redis-${run}`
  const changes: AlertChanged[] = []
  const readings: unknown[] = []

  beforeAll(async () => {
    a = await startTestApi(postgres, { IOC_JWT_SECRET: jwtSecret, REDIS_URL: redisUrl })
    b = await createApi(
      resolveApiConfig(
        parseEnv(apiEnvSchema, {
          DATABASE_URL: a.database.url,
          MQTT_URL: testBrokerUrl,
          REDIS_URL: redisUrl,
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
          IOC_DEMO: 'true',
          IOC_DEMO_PASSWORD: demoPassword,
          IOC_JWT_SECRET: jwtSecret,
        }),
      ),
    )
    await b.listen(0, '127.0.0.1')
    broker = await mqtt.connectAsync(testBrokerUrl)
    socketB = io((await b.getUrl()).replace('[::1]', '127.0.0.1'), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await a.token('operator') },
      reconnection: false,
    })
    await new Promise<void>((ok, fail) => {
      socketB.once('connect', () => ok())
      socketB.once('connect_error', fail)
    })
    socketB.on('alert:changed', (payload) => {
      const parsed = parseServerEvent('alert:changed', payload)
      if (!parsed.ok) throw new Error(`invalid alert:changed: ${parsed.error.message}`)
      if (parsed.data.alert.sourceId === device) changes.push(parsed.data)
    })
    socketB.on('readings:batch', (payload) => {
      const parsed = parseServerEvent('readings:batch', payload)
      if (!parsed.ok) throw new Error(`invalid readings:batch: ${parsed.error.message}`)
      readings.push(
        ...parsed.data.observations.filter((o) => o.deviceId === device && o.metric === 'noise_db'),
      )
    })
    const joined = await new Promise((ok) =>
      socketB.emit('subscribe', { rooms: ['domain:alerts', 'domain:readings'] }, ok),
    )
    expect(joined).toMatchObject({ ok: true })
  })

  afterAll(async () => {
    socketB?.disconnect()
    await broker?.endAsync()
    await b?.close()
    await a?.close()
  })

  it('delivers an acknowledgement made on replica A to a client of replica B, once, through Redis', async () => {
    const created = await a.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: ruleId,
        name: 'Ùn tắc (Redis)',
        kind: 'threshold',
        severity: 'minor',
        category: 'traffic',
        subCategory: 'trafficJam',
        target: { sourceIds: [device] },
        params: { metric: 'vehicle_count', op: 'gt', value: 100 },
      },
    })
    expect(created.status).toBe(201)
    await a.app.get(RulesRuntime).reload()
    await b.get(RulesRuntime).reload()
    await broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([
        { deviceId: device, metric: 'vehicle_count', ts: new Date().toISOString(), value: 150 },
      ]),
      { qos: 1 },
    )
    // raised by whichever replica evaluated the breach (shared subscription)
    await until('the alert is raised', () => changes.some((c) => c.action === 'created'))
    const alert = changes.find((c) => c.action === 'created')!.alert

    const redis = createClient({ url: redisUrl })
    await redis.connect()
    const stream = `ioc-live-${deploymentId(a.database.url)}`
    const before = await redis.xLen(stream)
    const ack = await a.request(`/alerts/${alert.id}/ack`, { as: 'traffic', method: 'POST', body: {} })
    expect(ack.status).toBe(200)
    await until('the acknowledgement reaches B', () => changes.some((c) => c.action === 'acknowledged'))
    // the packet went through the deployment's Redis stream
    expect(await redis.xLen(stream)).toBeGreaterThan(before)
    await redis.close()
    // a second copy (relay and Redis both delivering) would arrive within this
    await new Promise((r) => setTimeout(r, 1_500))
    const acks = changes.filter((c) => c.action === 'acknowledged')
    expect(acks).toHaveLength(1)
    expect(acks[0]!.alert).toMatchObject({ id: alert.id, acknowledged: true, ackBy: 'traffic' })
    expect(acks[0]!.seq).toBeGreaterThan(changes.find((c) => c.action === 'created')!.seq)
  })

  it('pushes readings, which every replica hears from MQTT, to a client once', async () => {
    await broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([{ deviceId: device, metric: 'noise_db', ts: new Date().toISOString(), value: 61 }]),
      { qos: 1 },
    )
    await until('the reading reaches B', () => readings.length > 0)
    await new Promise((r) => setTimeout(r, 1_500))
    expect(readings).toHaveLength(1)
  })
})
