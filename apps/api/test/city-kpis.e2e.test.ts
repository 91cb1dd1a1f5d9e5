// Live city KPIs and KPI values over real HTTP, a real broker (Mosquitto, TEST_MQTT_URL), a real
// database and a real socket.io-client: what the ingest publishes and writes becomes figures on
// GET /api/kpis/live and `kpis:city`; a KPI value stored by REST or MQTT reaches `kpi:value`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { io, type Socket } from 'socket.io-client'
import {
  cameraCreateSchema,
  cameraViewSchema,
  cityKpisSchema,
  loginResponseSchema,
  parseServerEvent,
  streams,
  type CityKpis,
  type ClientToServerEvents,
  type KpiValue,
  type ServerToClientEvents,
} from '@ioc/contracts'
import { type Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { hashPassword } from '../src/auth/passwords.js'
import { DATABASE } from '../src/database/database.module.js'
import { SourcesDirectory } from '../src/sources/sources-directory.js'
import { startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

const run = `${process.pid}-${Date.now() % 100000}`
// generous: the api reads the database every 5 s and pushes at most once a second, on 2 busy cores
const WAIT_MS = 20_000

/** Resolves with the first event payload (validated against the contract) that `match` accepts. */
function next<E extends 'kpis:city' | 'kpi:value'>(
  socket: Client,
  event: E,
  match: (p: E extends 'kpis:city' ? CityKpis : KpiValue) => boolean,
): Promise<E extends 'kpis:city' ? CityKpis : KpiValue> {
  type P = E extends 'kpis:city' ? CityKpis : KpiValue
  return new Promise((ok, fail) => {
    let last: unknown = null
    const timer = setTimeout(() => {
      socket.off(event, listener as never)
      fail(new Error(`no matching ${event} within ${WAIT_MS} ms; the last one: ${JSON.stringify(last)}`))
    }, WAIT_MS)
    const listener = (payload: unknown) => {
      last = payload
      const parsed = parseServerEvent(event, payload)
      if (!parsed.ok) return fail(new Error(`invalid ${event}: ${parsed.error.message}`))
      if (!match(parsed.data as P)) return
      clearTimeout(timer)
      socket.off(event, listener as never)
      ok(parsed.data as P)
    }
    socket.on(event, listener as never)
  })
}

describe.each(testTargets)('live city KPIs and KPI values on $name', (target) => {
  let api: TestApi
  let broker: MqttClient
  let socket: Client
  const district = `Quận thử ${target.name} ${run}`
  const cam = `cam-kpi-${target.name}-${run}`.slice(0, 60)
  const aq = [`aq-kpi-a-${target.name}-${run}`, `aq-kpi-b-${target.name}-${run}`]

  beforeAll(async () => {
    api = await startTestApi(target)
    const db = api.app.get<Database>(DATABASE)
    for (const id of aq)
      await db.devices.upsert(
        { id, kind: 'air_quality', name: id, lat: 15.57, lon: 108.47, district, metrics: ['pm25', 'pm10'] },
        null,
      )
    await db.devices.markSeen(new Map([[aq[0]!, new Date()]]))
    const { CamerasRepository } = await import('@ioc/db')
    await new CamerasRepository(db.pool).create(
      cameraCreateSchema.parse({
        id: cam,
        name: 'Ngã tư thử',
        kind: 'traffic',
        lat: 15.57,
        lon: 108.47,
        district,
        rtspUrl: 'rtsp://127.0.0.1:1/none',
        zones: [
          {
            id: 'gate',
            name: 'Cổng',
            kind: 'restricted',
            points: [
              [0.5, 0.5],
              [1, 0.5],
              [1, 1],
              [0.5, 1],
            ],
          },
        ],
      }),
    )
    // crossings as the ingest's detection stage writes them, the same in this minute and the one
    // before, so the last complete minute reads 37 whichever minute the push falls in
    const thisMinute = Math.floor(Date.now() / 60_000) * 60_000
    for (const ts of [new Date(thisMinute - 60_000), new Date(thisMinute)])
      await db.counts.addBatch([
        { ts, cameraId: cam, label: 'motorcycle', direction: 'Hướng Hội An', count: 30 },
        { ts, cameraId: cam, label: 'car', direction: 'Hướng Hội An', count: 7 },
        { ts, cameraId: cam, label: 'person', direction: 'Hướng Hội An', count: 4 },
      ])
    await api.app.get(SourcesDirectory).refresh()
    broker = await mqtt.connectAsync(testBrokerUrl)
    socket = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await api.token('leader') },
      reconnection: false,
    })
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
    const joined = await new Promise((ok) => socket.emit('subscribe', { rooms: ['domain:kpis'] }, ok))
    expect(joined).toMatchObject({ ok: true })
  })

  afterAll(async () => {
    socket?.disconnect()
    await broker?.endAsync()
    await api?.close()
  })

  it('computes flow, zones, AQI, cameras and sensors online from the streams and pushes them', async () => {
    const mine = (k: CityKpis) =>
      k.aqiByDistrict.some((a) => a.district === district) &&
      k.personsInZones.some((z) => z.cameraId === cam && z.count === 1) &&
      k.vehiclesPerMinute.some((v) => v.cameraId === cam && v.count > 0) &&
      k.camerasOnline.online >= 1
    const pushed = next(socket, 'kpis:city', mine)
    const now = new Date().toISOString()
    await broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([
        { deviceId: aq[0], metric: 'pm25', ts: now, value: 30 },
        { deviceId: aq[0], metric: 'pm25', ts: now, value: 50 },
        { deviceId: aq[1], metric: 'pm25', ts: now, value: 20 },
        { deviceId: aq[1], metric: 'pm10', ts: now, value: 100 },
      ]),
      { qos: 1 },
    )
    await broker.publishAsync(
      streams.cameraStatus.topic({ cameraId: cam }),
      JSON.stringify({ cameraId: cam, state: 'online', reason: null, at: now }),
      { qos: 1 },
    )
    await broker.publishAsync(
      streams.detections.topic({ cameraId: cam }),
      JSON.stringify({
        cameraId: cam,
        ts: now,
        width: 640,
        height: 480,
        detections: [
          { label: 'person', score: 0.9, box: [0.6, 0.2, 0.8, 0.9] },
          { label: 'person', score: 0.9, box: [0.1, 0.2, 0.3, 0.9] },
          { label: 'car', score: 0.9, box: [0.6, 0.6, 0.9, 0.95] },
        ],
      }),
      { qos: 1 },
    )
    const kpis = await pushed
    const db = api.app.get<Database>(DATABASE)
    const devices = await db.devices.list()
    const cameras = await db.counts.since(new Date(0)).then(() => api.request('/cameras', { as: 'admin' }))
    const cameraList = parseAnswer(cameraViewSchema.array(), await cameras.json())

    // station a: mean PM2.5 40 -> 112; station b: 20 -> 71 and PM10 100 -> 73. The district:
    // PM2.5 (40 + 20) / 2 = 30 -> (100-51)/(35.4-9.1) * (30-9.1) + 51 = 89.9 -> 90; PM10 100 -> 73.
    expect(kpis.aqiByDistrict.find((a) => a.district === district)).toEqual({
      district,
      aqi: 90,
      category: 'moderate',
      dominant: 'pm25',
      pm25: 30,
      pm10: 100,
    })
    expect(kpis.personsInZones.filter((z) => z.cameraId === cam)).toEqual([
      { cameraId: cam, zoneId: 'gate', count: 1, ts: now },
    ])
    expect(kpis.vehiclesPerMinute.filter((v) => v.cameraId === cam)).toEqual([
      { cameraId: cam, direction: 'Hướng Hội An', minute: expect.any(String), count: 37 },
    ])
    expect(kpis.camerasOnline).toEqual({
      online: 1,
      total: cameraList.filter((c) => c.enabled).length,
      percent: Math.round((1 / cameraList.filter((c) => c.enabled).length) * 1000) / 10,
    })
    expect(kpis.sensorsOnline.total).toBe(devices.length)
    expect(kpis.sensorsOnline.online).toBe(devices.filter((d) => d.online).length)
    expect(Object.keys(kpis.openAlertsBySeverity)).toEqual(['critical', 'major', 'minor', 'warning', 'info'])

    // REST answers the same figures
    const res = await api.request('/kpis/live', { as: 'leader' })
    expect(res.status).toBe(200)
    const rest = parseAnswer(cityKpisSchema, await res.json())
    expect(rest.aqiByDistrict.find((a) => a.district === district)?.aqi).toBe(90)
    expect(rest.personsInZones.filter((z) => z.cameraId === cam)).toEqual(
      kpis.personsInZones.filter((z) => z.cameraId === cam),
    )
  })

  it('gives staff of one district their district only, on the socket and by REST', async () => {
    const db = api.app.get<Database>(DATABASE)
    const username = `kpi-staff-${target.name}-${run}`.slice(0, 60)
    const password = 'district-staff-password'
    await db.users.upsert({ id: username, username, role: 'traffic', district }, await hashPassword(password))
    const login = await fetch(`${api.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    const { accessToken } = parseAnswer(loginResponseSchema, await login.json())
    // another district's station (online, reporting) and camera, which district staff must not see
    const other = `Huyện khác ${target.name} ${run}`
    const otherDevice = `aq-kpi-other-${target.name}-${run}`
    await db.devices.upsert(
      {
        id: otherDevice,
        kind: 'air_quality',
        name: otherDevice,
        lat: 15.5,
        lon: 108.4,
        district: other,
        metrics: ['pm25'],
      },
      null,
    )
    await db.devices.markSeen(new Map([[otherDevice, new Date()]]))
    const { CamerasRepository } = await import('@ioc/db')
    await new CamerasRepository(db.pool).create(
      cameraCreateSchema.parse({
        id: `${cam}-x`.slice(0, 64),
        name: 'Camera khác',
        kind: 'traffic',
        lat: 15.5,
        lon: 108.4,
        district: other,
        rtspUrl: 'rtsp://127.0.0.1:1/none',
      }),
    )
    await api.app.get(SourcesDirectory).refresh()
    await broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([{ deviceId: otherDevice, metric: 'pm25', ts: new Date().toISOString(), value: 80 }]),
      { qos: 1 },
    )
    // an alert in each district; this district's, first seen a minute ago, acknowledged now
    const alerts = api.app.get(AlertsService)
    const raise = (d: string, severity: 'major' | 'critical', at: Date) =>
      alerts.raise({
        sourceType: 'sensor',
        sourceId: d === district ? aq[0]! : otherDevice,
        ruleId: `kpi-test-${run}`,
        severity,
        category: 'environment',
        subCategory: 'airPollution',
        district: d,
        title: 'PM2.5',
        description: 'e2e',
        at,
        detail: {},
      })
    const mine = await raise(district, 'major', new Date(Date.now() - 60_000))
    await raise(other, 'critical', new Date())
    const ack = await api.request(`/alerts/${mine.alert.id}/ack`, { as: 'operator', method: 'POST' })
    expect(ack.status).toBe(200)
    // the province sees both districts once the database has been read again
    await expect
      .poll(
        async () =>
          parseAnswer(cityKpisSchema, await (await api.request('/kpis/live', { as: 'leader' })).json())
            .aqiByDistrict.length,
        { timeout: WAIT_MS, interval: 500 },
      )
      .toBeGreaterThanOrEqual(2)
    const staff: Client = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: accessToken },
      reconnection: false,
    })
    try {
      await new Promise<void>((ok, fail) => {
        staff.once('connect', () => ok())
        staff.once('connect_error', fail)
      })
      const pushed = next(
        staff,
        'kpis:city',
        (k) => k.aqiByDistrict.some((a) => a.pm10 === 200) && k.meanTimeToAcknowledgeSeconds !== null,
      )
      const joined = await new Promise((ok) =>
        staff.emit('subscribe', { rooms: [`district:${district}`] }, ok),
      )
      expect(joined).toMatchObject({ ok: true })
      // the district's figures change (a station reports) so that its room gets a push
      await broker.publishAsync(
        streams.liveObservations.topic({}),
        JSON.stringify([{ deviceId: aq[1], metric: 'pm10', ts: new Date().toISOString(), value: 300 }]),
        { qos: 1 },
      )
      const kpis = await pushed
      // only this district's station, camera and devices, though the database holds others' too
      expect(kpis.aqiByDistrict.map((a) => a.district)).toEqual([district])
      expect(kpis.camerasOnline.total).toBe(1)
      expect(kpis.sensorsOnline).toEqual({ online: 1, total: 2, percent: 50 })
      expect(new Set(kpis.vehiclesPerMinute.map((v) => v.cameraId))).toEqual(new Set([cam]))
      expect(kpis.openAlertsBySeverity).toEqual({ critical: 0, major: 1, minor: 0, warning: 0, info: 0 })
      // first seen 60 s before the acknowledgement (a slow machine adds a few seconds)
      expect(kpis.meanTimeToAcknowledgeSeconds).toBeGreaterThanOrEqual(60)
      expect(kpis.meanTimeToAcknowledgeSeconds).toBeLessThan(90)
      const rest = parseAnswer(
        cityKpisSchema,
        await (
          await fetch(`${api.base}/kpis/live`, { headers: { authorization: `Bearer ${accessToken}` } })
        ).json(),
      )
      expect(rest.aqiByDistrict.map((a) => a.district)).toEqual([district])
      expect(rest.sensorsOnline).toEqual({ online: 1, total: 2, percent: 50 })
      // the province counts both districts' alerts
      const province = parseAnswer(
        cityKpisSchema,
        await (await api.request('/kpis/live', { as: 'leader' })).json(),
      )
      expect(province.openAlertsBySeverity).toMatchObject({ critical: 1, major: 1 })
    } finally {
      staff.disconnect()
    }
  })

  it('needs a login for GET /api/kpis/live', async () => {
    expect((await api.request('/kpis/live')).status).toBe(401)
  })

  it('pushes KPI values stored by REST and by MQTT to the KPI room', async () => {
    const byRest = next(socket, 'kpi:value', (v) => v.kpiId === 'dti-diem' && v.area === district)
    const res = await api.request('/kpis/dti-diem/values', {
      as: 'operator',
      method: 'POST',
      body: { period: '2025', value: 0.61, area: district },
    })
    expect(res.status).toBe(201)
    expect(await byRest).toEqual({
      kpiId: 'dti-diem',
      period: '2025',
      // a period's value is stored at the period's start in Vietnam (UTC+7)
      ts: '2024-12-31T17:00:00.000Z',
      value: 0.61,
      scope: 'province',
      area: district,
      source: null,
    })

    const byMqtt = next(socket, 'kpi:value', (v) => v.kpiId === 'qnam-thanh-tra-so' && v.area === district)
    const ts = new Date().toISOString()
    await broker.publishAsync(
      streams.kpiValues.topic({ kpiId: 'qnam-thanh-tra-so' }),
      JSON.stringify({ ts, value: 42.5, area: district, scope: 'district', source: 'e2e' }),
      { qos: 1 },
    )
    expect(await byMqtt).toEqual({
      kpiId: 'qnam-thanh-tra-so',
      period: null,
      ts,
      value: 42.5,
      scope: 'district',
      area: district,
      source: 'e2e',
    })
  })
})
