import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cameraCountsSchema,
  deadLetterPageSchema,
  errorBodySchema,
  sensorReadingsSchema,
  sensorViewSchema,
} from '@ioc/contracts'
import { verifySecret, type Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

const device = {
  id: 'aq-tamky-01',
  kind: 'air_quality',
  name: 'Trạm Tam Kỳ 01',
  lat: 15.57,
  lon: 108.47,
  district: 'Tam Kỳ',
  metrics: ['pm25', 'pm10'],
  password: 'device-secret-1',
}
const at = (hms: string) => new Date(`2025-06-01T${hms}Z`)
const fieldsOf = async (res: Response) =>
  parseAnswer(errorBodySchema, await res.json()).details?.map((d) => d.path)

describe.each(testTargets)('sensors, readings, counts, dead letters on $name', (target) => {
  let api: TestApi
  let db: Database

  beforeAll(async () => {
    api = await startTestApi(target)
    db = api.app.get<Database>(DATABASE)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('registers a sensor for admins only, its MQTT password hashed and never returned', async () => {
    const res = await api.request('/sensors', { as: 'admin', method: 'POST', body: device })
    expect(res.status).toBe(201)
    const created = parseAnswer(sensorViewSchema, await res.json())
    const { password: _password, ...rest } = device
    expect(created).toEqual({ ...rest, lastSeen: null, online: false })
    expect(JSON.stringify(created)).not.toContain(device.password)
    const hash = await db.devices.passwordHash(device.id)
    expect(hash).toMatch(/^scrypt\$/)
    expect(await verifySecret(device.password, hash!)).toBe(true)

    const listed = parseAnswer(
      sensorViewSchema.array(),
      await (await api.request('/sensors', { as: 'leader' })).json(),
    )
    expect(listed).toEqual([created])
    expect(JSON.stringify(listed)).not.toMatch(/password|scrypt/)
    const again = await api.request('/sensors', { as: 'admin', method: 'POST', body: device })
    expect(again.status).toBe(409)
    const operator = await api.request('/sensors', {
      as: 'operator',
      method: 'POST',
      body: { ...device, id: 'x-1' },
    })
    expect(operator.status).toBe(403)
  })

  it('names every invalid field of a new sensor', async () => {
    const res = await api.request('/sensors', {
      as: 'admin',
      method: 'POST',
      body: { ...device, id: 'Bad Id', lat: 123, password: 'short' },
    })
    expect(res.status).toBe(400)
    expect(await fieldsOf(res)).toEqual(['id', 'lat', 'password'])
  })

  it('answers readings per bucket from the aggregates, exactly', async () => {
    await db.readings.insertBatch([
      { ts: at('00:00:10'), deviceId: device.id, metric: 'pm25', value: 10 },
      { ts: at('00:00:40'), deviceId: device.id, metric: 'pm25', value: 20 },
      { ts: at('00:01:30'), deviceId: device.id, metric: 'pm25', value: 30 },
      { ts: at('00:02:00'), deviceId: device.id, metric: 'pm10', value: 50 },
      { ts: at('02:00:00'), deviceId: device.id, metric: 'pm25', value: 99 }, // outside the range
    ])
    const range = 'from=2025-06-01T00:00:00Z&to=2025-06-01T01:00:00Z'
    const minute = await api.request(`/sensors/${device.id}/readings?${range}&bucket=1m`, { as: 'leader' })
    expect(minute.status).toBe(200)
    expect(await minute.json()).toEqual({
      deviceId: device.id,
      bucket: '1m',
      from: '2025-06-01T00:00:00.000Z',
      to: '2025-06-01T01:00:00.000Z',
      series: {
        pm25: [
          { bucket: '2025-06-01T00:00:00.000Z', avg: 15, min: 10, max: 20, count: 2 },
          { bucket: '2025-06-01T00:01:00.000Z', avg: 30, min: 30, max: 30, count: 1 },
        ],
        pm10: [{ bucket: '2025-06-01T00:02:00.000Z', avg: 50, min: 50, max: 50, count: 1 }],
      },
    })
    const hour = await api.request(`/sensors/${device.id}/readings?${range}&bucket=1h&metric=pm25`, {
      as: 'traffic',
    })
    expect(parseAnswer(sensorReadingsSchema, await hour.json()).series).toEqual({
      pm25: [{ bucket: '2025-06-01T00:00:00.000Z', avg: 20, min: 10, max: 30, count: 3 }],
    })
  })

  it('refuses bad history queries naming the field, and unknown sensors with 404', async () => {
    const base = `/sensors/${device.id}/readings`
    expect(await fieldsOf(await api.request(`${base}?bucket=7m`, { as: 'admin' }))).toEqual(['bucket'])
    const backwards = await api.request(`${base}?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z`, {
      as: 'admin',
    })
    expect(await fieldsOf(backwards)).toEqual(['from'])
    expect(await fieldsOf(await api.request(`${base}?from=yesterday`, { as: 'admin' }))).toEqual(['from'])
    const tooMany = await api.request(`${base}?from=2025-05-01T00:00:00Z&to=2025-06-01T00:00:00Z&bucket=1m`, {
      as: 'admin',
    })
    expect(tooMany.status).toBe(400)
    expect(await fieldsOf(tooMany)).toEqual(['bucket'])
    const month = await api.request(`${base}?from=2025-05-01T00:00:00Z&to=2025-06-01T00:00:00Z&bucket=5m`, {
      as: 'admin',
    })
    expect(month.status).toBe(200)
    const unknown = await api.request('/sensors/no-such-device/readings', { as: 'admin' })
    expect(unknown.status).toBe(404)
    expect(parseAnswer(errorBodySchema, await unknown.json()).code).toBe('sensor_not_found')
    expect(await fieldsOf(await api.request('/sensors/NOT%20AN%20ID', { as: 'admin' }))).toEqual(['id'])
  })

  it('answers camera counts per bucket, label and direction', async () => {
    // counts are read through the camera: an unregistered one answers 404 (docs/permissions.md)
    const unregistered = await api.request('/cameras/cam-hoian-1/counts', { as: 'leader' })
    expect(unregistered.status).toBe(404)
    const registered = await api.request('/cameras', {
      as: 'admin',
      method: 'POST',
      body: {
        id: 'cam-hoian-1',
        name: 'Hội An 1',
        kind: 'traffic',
        lat: 15.88,
        lon: 108.33,
        district: 'Hội An',
        rtspUrl: 'rtsp://127.0.0.1:1/x',
      },
    })
    expect(registered.status).toBe(201)
    await db.counts.addBatch([
      { ts: at('00:00:00'), cameraId: 'cam-hoian-1', label: 'motorcycle', direction: 'north', count: 7 },
      { ts: at('00:00:30'), cameraId: 'cam-hoian-1', label: 'motorcycle', direction: 'north', count: 5 },
      { ts: at('00:00:00'), cameraId: 'cam-hoian-1', label: 'car', direction: 'south', count: 2 },
      { ts: at('00:01:00'), cameraId: 'cam-hoian-1', label: 'person', direction: '', count: 4 },
      { ts: at('00:00:00'), cameraId: 'cam-other', label: 'car', direction: 'south', count: 100 },
    ])
    const res = await api.request(
      '/cameras/cam-hoian-1/counts?from=2025-06-01T00:00:00Z&to=2025-06-01T00:10:00Z&bucket=1m',
      { as: 'leader' },
    )
    expect(res.status).toBe(200)
    const body = parseAnswer(cameraCountsSchema, await res.json())
    expect(body.items).toEqual([
      {
        cameraId: 'cam-hoian-1',
        bucket: '2025-06-01T00:00:00.000Z',
        label: 'car',
        direction: 'south',
        count: 2,
      },
      {
        cameraId: 'cam-hoian-1',
        bucket: '2025-06-01T00:00:00.000Z',
        label: 'motorcycle',
        direction: 'north',
        count: 12,
      },
      {
        cameraId: 'cam-hoian-1',
        bucket: '2025-06-01T00:01:00.000Z',
        label: 'person',
        direction: null,
        count: 4,
      },
    ])
    const cars = await api.request(
      '/cameras/cam-hoian-1/counts?from=2025-06-01T00:00:00Z&to=2025-06-01T00:10:00Z&bucket=1h&label=motorcycle',
      { as: 'traffic' },
    )
    expect((await api.request('/cameras/cam-hoian-1/counts', { as: 'security' })).status).toBe(404)
    expect(parseAnswer(cameraCountsSchema, await cars.json()).items).toEqual([
      {
        cameraId: 'cam-hoian-1',
        bucket: '2025-06-01T00:00:00.000Z',
        label: 'motorcycle',
        direction: 'north',
        count: 12,
      },
    ])
  })

  it('pages dead letters newest first with a cursor, filtered by reason', async () => {
    const base = Date.parse('2025-06-01T00:00:00Z')
    await db.deadLetters.insertBatch(
      ['bad_json', 'schema', 'bad_json', 'unknown_device', 'bad_json'].map((reason, i) => ({
        topic: `ioc/v1/sensors/d${i}/readings`,
        reason,
        detail: `letter ${i}`,
        payload: Buffer.from(`{"n": ${i}`),
        // two share a timestamp: the id breaks the tie without skipping either
        receivedAt: new Date(base + Math.min(i, 3) * 1000),
      })),
    )
    const seen: string[] = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const res = await api.request(`/dead-letters?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        as: 'operator',
      })
      expect(res.status).toBe(200)
      const page = parseAnswer(deadLetterPageSchema, await res.json())
      expect(page.countsByReason).toEqual({ bad_json: 3, schema: 1, unknown_device: 1 })
      seen.push(...page.items.map((l) => l.detail))
      cursor = page.nextCursor
    }
    expect(seen).toEqual(['letter 4', 'letter 3', 'letter 2', 'letter 1', 'letter 0'])
    const badJson = await api.request('/dead-letters?reason=bad_json', { as: 'admin' })
    const items = parseAnswer(deadLetterPageSchema, await badJson.json()).items
    expect(items.map((l) => l.detail)).toEqual(['letter 4', 'letter 2', 'letter 0'])
    expect(items[2]!.payloadPreview).toBe('{"n": 0')
    expect(await fieldsOf(await api.request('/dead-letters?limit=0&reason=nope', { as: 'admin' }))).toEqual([
      'reason',
      'limit',
    ])
  })
})
