// The rules -> alerts -> socket path over real HTTP, a real broker (Mosquitto, TEST_MQTT_URL) and a
// real socket.io-client, on both database dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { io, type Socket } from 'socket.io-client'
import {
  alertDetailSchema,
  alertListSchema,
  alertSchema,
  alertStatsSchema,
  errorBodySchema,
  parseServerEvent,
  ruleListSchema,
  streams,
  type AckResult,
  type AlertChanged,
  type AlertsSinceResponse,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResponse,
} from '@ioc/contracts'
import type { INestApplication } from '@nestjs/common'
import { parseEnv } from '@ioc/config'
import { testTargets } from '@ioc/db/testing'
import { createApi } from '../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../src/config.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { demoPassword, startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

const run = `${process.pid}-${Date.now() % 100000}`
const jwtSecret = `e2e-alerts-live-secret-${run}-0123456789abcdef`

/** Collects every alert change a socket receives, each validated against the contract. */
function watch(socket: Client): AlertChanged[] {
  const seen: AlertChanged[] = []
  socket.on('alert:changed', (payload) => {
    const parsed = parseServerEvent('alert:changed', payload)
    if (!parsed.ok) throw new Error(`invalid alert:changed: ${parsed.error.message}`)
    seen.push(parsed.data)
  })
  return seen
}

describe.each(testTargets)('rules, alerts and live push on $name', (target) => {
  let api: TestApi
  let broker: MqttClient
  const sockets: Client[] = []
  const device = `e2e-loop-${target.name}-${run}`
  const ruleId = `jam-${target.name}-${run}`.slice(0, 60)

  const connect = async (role: 'operator' | 'traffic' | 'leader', auth?: object): Promise<Client> => {
    const socket: Client = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: auth ?? { token: await api.token(role) },
      reconnection: false,
    })
    sockets.push(socket)
    return socket
  }
  const connected = (socket: Client) =>
    new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
  const join = (socket: Client, rooms: string[]) =>
    new Promise<AckResult<SubscribeResponse>>((ok) =>
      socket.emit('subscribe', { rooms: rooms as never }, (r: AckResult<SubscribeResponse>) => ok(r)),
    )
  const publishReading = (value: number, metric = 'vehicle_count') =>
    broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([{ deviceId: device, metric, ts: new Date().toISOString(), value }]),
      { qos: 1 },
    )

  beforeAll(async () => {
    // one signing secret, so that replica B (last test) accepts replica A's tokens
    api = await startTestApi(target, {
      IOC_JWT_SECRET: jwtSecret,
      ...(process.env.E2E_LOG ? { LOG_LEVEL: 'debug' } : {}),
    })
    broker = await mqtt.connectAsync(testBrokerUrl)
    await api.app.get(RulesRuntime).ready() // demo rules seeded and loaded
  })

  afterAll(async () => {
    for (const s of sockets) s.disconnect()
    await broker?.endAsync()
    await api?.close()
  })

  it('refuses a socket without a valid token in the handshake', async () => {
    const socket = await connect('operator', { token: 'not-a-token' })
    const err = await new Promise<Error & { data?: unknown }>((ok) => socket.once('connect_error', ok))
    expect(err.message).toBe('unauthorized')
    expect(err.data).toMatchObject({ code: 'unauthorized' })
  })

  it('validates rules and lets only admins write them (configuration)', async () => {
    const bad = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        name: 'x',
        kind: 'threshold',
        severity: 'loud',
        category: 'traffic',
        subCategory: 'trafficJam',
        params: { metric: 'vehicle_count', op: 'gt' },
      },
    })
    expect(bad.status).toBe(400)
    const body = parseAnswer(errorBodySchema, await bad.json())
    expect(body.code).toBe('validation_failed')
    expect(body.details?.map((d) => d.path).sort()).toEqual(['params.value', 'severity'])
    for (const as of ['leader', 'operator'] as const)
      expect((await api.request('/rules', { as, method: 'POST', body: {} })).status, as).toBe(403)
    const list = await api.request('/rules', { as: 'leader' })
    expect(list.status).toBe(200)
    // demo mode seeds the sample rules
    const ids = parseAnswer(ruleListSchema, await list.json()).items.map((r) => r.id)
    expect(ids).toEqual(
      expect.arrayContaining(['pm25-above-75-5min', 'device-offline-5min', 'person-in-restricted-zone']),
    )
  })

  it('raises an alert from a published threshold breach and pushes it to the socket within 1 s', async () => {
    const created = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: ruleId,
        name: 'Ùn tắc: lưu lượng > 100 xe',
        kind: 'threshold',
        severity: 'major',
        category: 'traffic',
        subCategory: 'trafficJam',
        target: { sourceIds: [device] },
        params: { metric: 'vehicle_count', op: 'gt', value: 100, hysteresis: 10 },
      },
    })
    expect(created.status).toBe(201)
    const operator = await connect('operator')
    await connected(operator)
    expect(await join(operator, ['domain:alerts'])).toEqual({ ok: true, rooms: ['domain:alerts'] })
    const seen = watch(operator)

    await publishReading(80) // under the threshold: nothing
    const publishedAt = performance.now()
    await publishReading(130)
    await expect
      .poll(() => seen.find((c) => c.alert.ruleId === ruleId), { timeout: 5000, interval: 5 })
      .toBeTruthy()
    const latencyMs = performance.now() - publishedAt
    const change = seen.find((c) => c.alert.ruleId === ruleId)!
    expect(change).toMatchObject({
      action: 'created',
      alert: {
        sourceId: device,
        category: 'traffic',
        severity: 'major',
        status: 'active',
        acknowledged: false,
        count: 1,
      },
    })
    expect(change.seq).toBe(change.alert.seq)
    expect(latencyMs).toBeLessThan(1000)
    console.log(`publish -> alert:changed on the socket: ${latencyMs.toFixed(1)} ms (${target.name})`)
  })

  it('lets traffic staff act on traffic alerts; security and leaders get 403', async () => {
    const list = parseAnswer(
      alertListSchema,
      await (await api.request(`/alerts?category=traffic&status=active`, { as: 'leader' })).json(),
    )
    const alert = list.items.find((a) => a.ruleId === ruleId)!
    expect(alert).toBeTruthy()
    for (const role of ['security', 'leader'] as const) {
      const res = await api.request(`/alerts/${alert.id}/ack`, { as: role, method: 'POST' })
      expect(res.status).toBe(403)
      expect(parseAnswer(errorBodySchema, await res.json()).code).toBe('forbidden')
    }
    const ack = await api.request(`/alerts/${alert.id}/ack`, {
      as: 'traffic',
      method: 'POST',
      headers: { 'user-agent': 'e2e-traffic-console' },
    })
    expect(ack.status).toBe(200)
    expect(parseAnswer(alertSchema, await ack.json()).ackBy).toBe('traffic')
    const again = await api.request(`/alerts/${alert.id}/ack`, { as: 'traffic', method: 'POST' })
    expect(again.status).toBe(409)
    const badAssign = await api.request(`/alerts/${alert.id}/assign`, {
      as: 'traffic',
      method: 'POST',
      body: { assignee: 7 },
    })
    expect(badAssign.status).toBe(400)
    expect(parseAnswer(errorBodySchema, await badAssign.json()).message).toMatch(/assignee/)
    const missing = await api.request(`/alerts/987654321/ack`, { as: 'traffic', method: 'POST' })
    expect(missing.status).toBe(404)
  })

  it('gives a reconnecting client every change it missed, from its last sequence number', async () => {
    const list = parseAnswer(
      alertListSchema,
      await (await api.request(`/alerts?category=traffic`, { as: 'traffic' })).json(),
    )
    const alert = list.items.find((a) => a.ruleId === ruleId)!
    let socket = await connect('traffic')
    await connected(socket)
    await join(socket, ['domain:alerts'])
    const lastSeq = list.seq
    socket.disconnect()

    // while it is away: an assignment, a comment, a repeat of the breach... then the condition ends
    expect(
      (
        await api.request(`/alerts/${alert.id}/assign`, {
          as: 'traffic',
          method: 'POST',
          body: { assignee: 'traffic' },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await api.request(`/alerts/${alert.id}/comment`, {
          as: 'operator',
          method: 'POST',
          body: { text: 'Đã cử CSGT đến hiện trường' },
        })
      ).status,
    ).toBe(200)
    await publishReading(95) // 95 > 100 - 10: inside the hysteresis band, still active
    await publishReading(60) // 60 <= 90: clears
    await expect
      .poll(
        async () =>
          parseAnswer(
            alertDetailSchema,
            await (await api.request(`/alerts/${alert.id}`, { as: 'traffic' })).json(),
          ).alert.status,
        {
          timeout: 5000,
        },
      )
      .toBe('cleared')

    socket = await connect('traffic')
    await connected(socket)
    const missed = await new Promise<AckResult<AlertsSinceResponse>>((ok) =>
      socket.emit('alerts:since', { sinceSeq: lastSeq }, ok),
    )
    expect(missed.ok).toBe(true)
    if (!missed.ok) return
    const mine = missed.alerts.find((a) => a.id === alert.id)!
    expect(mine).toMatchObject({ status: 'cleared', acknowledged: true, assignee: 'traffic' })
    expect(missed.complete).toBe(true)
    expect(missed.seq).toBeGreaterThanOrEqual(mine.seq)
    // the REST form says the same
    const rest = parseAnswer(
      alertListSchema,
      await (await api.request(`/alerts?sinceSeq=${lastSeq}`, { as: 'traffic' })).json(),
    )
    expect(rest.items.find((a) => a.id === alert.id)?.seq).toBe(mine.seq)
    // and pages back in time: what is older than the alert's latest change
    const older = parseAnswer(
      alertListSchema,
      await (await api.request(`/alerts?beforeSeq=${mine.seq}`, { as: 'traffic' })).json(),
    )
    expect(older.items.every((a) => a.seq < mine.seq)).toBe(true)
    const both = await api.request(`/alerts?sinceSeq=1&beforeSeq=5`, { as: 'traffic' })
    expect(both.status).toBe(400)
    expect(parseAnswer(errorBodySchema, await both.json()).details?.[0]?.path).toBe('beforeSeq')
    const bad = await new Promise<AckResult<AlertsSinceResponse>>((ok) =>
      socket.emit('alerts:since', { sinceSeq: -1 } as never, ok),
    )
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
  })

  it('keeps an audit trail of each action: who, when, from where', async () => {
    const list = parseAnswer(
      alertListSchema,
      await (await api.request(`/alerts?category=traffic`, { as: 'operator' })).json(),
    )
    const alert = list.items.find((a) => a.ruleId === ruleId)!
    expect((await api.request(`/alerts/${alert.id}/resolve`, { as: 'traffic', method: 'POST' })).status).toBe(
      409,
    ) // cleared by the rule already
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'leader' })).json(),
    )
    expect(detail.events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'system'],
      ['acknowledged', 'traffic'],
      ['assigned', 'traffic'],
      ['commented', 'operator'],
      ['cleared', 'system'],
    ])
    const ack = detail.events[1]!
    expect(ack.from).toEqual({ ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: 'e2e-traffic-console' })
    expect(Date.parse(ack.at)).toBeGreaterThan(Date.parse(detail.events[0]!.at) - 1)
    expect(detail.events[3]!.detail).toEqual({ text: 'Đã cử CSGT đến hiện trường' })
    const seqs = detail.events.map((e) => e.seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)

    const stats = parseAnswer(
      alertStatsSchema,
      await (await api.request('/alerts/stats?category=traffic', { as: 'leader' })).json(),
    )
    expect(stats.acknowledged).toBeGreaterThanOrEqual(1)
    expect(stats.meanTimeToAcknowledgeSeconds).not.toBeNull()
    const badStats = await api.request('/alerts/stats?from=yesterday', { as: 'leader' })
    expect(badStats.status).toBe(400)
  })

  it('sends detection frames only to clients in that camera room', async () => {
    const camera = `cam-e2e-${target.name}-${run}`.slice(0, 60)
    // camera rooms exist for registered cameras only
    const registered = await api.request('/cameras', {
      as: 'admin',
      method: 'POST',
      body: {
        id: camera,
        name: camera,
        kind: 'traffic',
        lat: 15.57,
        lon: 108.47,
        district: 'Tam Kỳ',
        rtspUrl: 'rtsp://127.0.0.1:1/x',
      },
    })
    expect(registered.status).toBe(201)
    const watcher = await connect('operator')
    const other = await connect('operator')
    await Promise.all([connected(watcher), connected(other)])
    await join(watcher, [`camera:${camera}`, 'domain:cameras'])
    await join(other, ['domain:cameras'])
    const framesWatcher: unknown[] = []
    const framesOther: unknown[] = []
    const statusOther: unknown[] = []
    watcher.on('detections:frame', (f) => framesWatcher.push(f))
    other.on('detections:frame', (f) => framesOther.push(f))
    other.on('camera:status', (s) => statusOther.push(s))
    const frame = {
      cameraId: camera,
      ts: new Date().toISOString(),
      width: 1280,
      height: 720,
      detections: [{ label: 'person', score: 0.9, box: [0.1, 0.2, 0.3, 0.6], trackId: 3 }],
    }
    await broker.publishAsync(streams.detections.topic({ cameraId: camera }), JSON.stringify(frame))
    await expect.poll(() => framesWatcher.length, { timeout: 5000 }).toBe(1)
    expect(framesWatcher[0]).toEqual(frame)
    // a later event both receive: had the frame gone to `other`, it would have arrived first
    await broker.publishAsync(
      streams.cameraStatus.topic({ cameraId: camera }),
      JSON.stringify({ cameraId: camera, state: 'online', reason: null, at: new Date().toISOString() }),
    )
    await expect.poll(() => statusOther.length, { timeout: 5000 }).toBe(1)
    expect(framesOther).toEqual([])
    expect(await join(other, ['domain:nope'])).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    })
  })
})

// Several replicas run against a database server; the embedded PGlite serves one api (demo mode).
describe('two api replicas on one PostgreSQL database and one broker', () => {
  const target = testTargets.find((t) => t.name === 'postgres')!
  let api: TestApi
  let broker: MqttClient
  const sockets: Client[] = []
  const device = `e2e-replicas-${run}`
  const ruleId = `jam-replicas-${run}`

  beforeAll(async () => {
    api = await startTestApi(target, { IOC_JWT_SECRET: jwtSecret })
    broker = await mqtt.connectAsync(testBrokerUrl)
    await api.app.get(RulesRuntime).ready() // demo rules seeded and loaded
  })

  afterAll(async () => {
    for (const s of sockets) s.disconnect()
    await broker?.endAsync()
    await api?.close()
  })

  const connected = (socket: Client) =>
    new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
  const join = (socket: Client, rooms: string[]) =>
    new Promise<AckResult<SubscribeResponse>>((ok) =>
      socket.emit('subscribe', { rooms: rooms as never }, (r: AckResult<SubscribeResponse>) => ok(r)),
    )

  it('evaluates each observation once and pushes every change from every replica', async () => {
    // replica B: same database and broker, its own port
    const config = resolveApiConfig(
      parseEnv(apiEnvSchema, {
        DATABASE_URL: api.database.url,
        MQTT_URL: testBrokerUrl,
        LOG_LEVEL: 'error',
        IOC_DEMO: 'true',
        IOC_DEMO_PASSWORD: demoPassword,
        IOC_JWT_SECRET: jwtSecret,
      }),
    )
    const replica: INestApplication = await createApi(config)
    try {
      await replica.listen(0, '127.0.0.1')
      const baseB = (await replica.getUrl()).replace('[::1]', '127.0.0.1')
      const socketB: Client = io(baseB, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: await api.token('operator') },
        reconnection: false,
      })
      sockets.push(socketB)
      await connected(socketB)
      await join(socketB, ['domain:alerts'])
      const seenB = watch(socketB)
      const device2 = device
      const rule2 = ruleId
      const created = await api.request('/rules', {
        as: 'admin',
        method: 'POST',
        body: {
          id: rule2,
          name: 'Ùn tắc (hai bản sao)',
          kind: 'threshold',
          severity: 'minor',
          category: 'traffic',
          subCategory: 'trafficJam',
          target: { sourceIds: [device2] },
          params: { metric: 'vehicle_count', op: 'gt', value: 100 },
        },
      })
      expect(created.status).toBe(201)
      // replica B would pick the new rule up within 5 s by polling the rules table; do it now
      await replica.get(RulesRuntime).reload()
      const t = Date.now()
      const breach = (offsetS: number) =>
        broker.publishAsync(
          streams.liveObservations.topic({}),
          JSON.stringify([
            {
              deviceId: device2,
              metric: 'vehicle_count',
              ts: new Date(t + offsetS * 1000).toISOString(),
              value: 150,
            },
          ]),
          { qos: 1 },
        )
      await breach(0)
      await breach(61) // a minute later the breach repeats once, whichever replica sees it
      // Changes made on different replicas may arrive out of order: the latest is the highest seq.
      const alertOf = () =>
        seenB
          .filter((c) => c.alert.ruleId === rule2)
          .sort((a, b) => a.seq - b.seq)
          .at(-1)?.alert
      await expect.poll(() => alertOf()?.count, { timeout: 5000 }).toBe(2)
      await new Promise((r) => setTimeout(r, 500)) // a duplicate evaluation would show up as count 3
      const detail = parseAnswer(
        alertDetailSchema,
        await (await api.request(`/alerts/${alertOf()!.id}`, { as: 'operator' })).json(),
      )
      expect(detail.events.map((e) => e.action)).toEqual(['created', 'repeated'])
      // an acknowledgement taken by replica A reaches the socket on replica B
      expect(
        (await api.request(`/alerts/${alertOf()!.id}/ack`, { as: 'traffic', method: 'POST' })).status,
      ).toBe(200)
      await expect
        .poll(() => seenB.some((c) => c.alert.ruleId === rule2 && c.action === 'acknowledged'), {
          timeout: 5000,
        })
        .toBe(true)
      // a KPI value stored through replica A reaches a KPI screen on replica B (the MQTT relay)
      const kpiValues: unknown[] = []
      socketB.on('kpi:value', (payload) => {
        const parsed = parseServerEvent('kpi:value', payload)
        if (parsed.ok && parsed.data.area === `replicas ${run}`) kpiValues.push(parsed.data)
      })
      expect((await join(socketB, ['domain:kpis'])).ok).toBe(true)
      const stored = await api.request('/kpis/dti-diem/values', {
        as: 'operator',
        method: 'POST',
        body: { period: '2025', value: 0.6, area: `replicas ${run}` },
      })
      expect(stored.status).toBe(201)
      await expect.poll(() => kpiValues.length, { timeout: 5000 }).toBe(1)
    } finally {
      await replica.close()
    }
  })
})
