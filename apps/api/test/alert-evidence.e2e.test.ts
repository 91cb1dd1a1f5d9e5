// A camera alert keeps the snapshot of its moment, boxes drawn: real broker (the camera feed and
// the detection event arrive over MQTT as the ingest sends them), real ffmpeg, both databases.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { alertDetailSchema, alertListSchema, errorBodySchema, streams, type Alert } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { EvidenceService } from '../src/alerts/evidence/evidence.service.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { SourcesDirectory } from '../src/sources/sources-directory.js'
import { startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

const W = 320
const H = 240

function ffmpeg(args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args])
    const out: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.on('error', fail)
    child.on('close', (code) =>
      code === 0 ? ok(Buffer.concat(out)) : fail(new Error(`ffmpeg exit ${code}`)),
    )
    child.stdin.end(input)
  })
}
/** A plain JPEG of one colour, as a camera snapshot. */
const solid = (color: string) =>
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=${color}:s=${W}x${H}`,
    '-frames:v',
    '1',
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:1',
  ])
/** The RGB pixel at (x, y) of a JPEG. */
async function pixel(jpeg: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const rgb = await ffmpeg(
    ['-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    jpeg,
  )
  expect(rgb.length).toBe(W * H * 3)
  const i = (y * W + x) * 3
  return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!]
}
const near = (got: [number, number, number], want: [number, number, number]) =>
  got.every((v, i) => Math.abs(v - want[i]!) < 40)
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

const run = `${process.pid}-${Date.now() % 100000}`

describe.each(testTargets)('camera alert evidence on $name', (target) => {
  let api: TestApi
  let broker: MqttClient
  const camera = `cam-evidence-${target.name}-${run}`.slice(0, 60)
  const ruleId = `evidence-${target.name}-${run}`.slice(0, 60)
  let alert: Alert
  /** The camera's own snapshot at the moment of the detection, and the one it sent later. */
  let atThatTime: Buffer
  let later: Buffer

  beforeAll(async () => {
    api = await startTestApi(target)
    broker = await mqtt.connectAsync(testBrokerUrl)
    await api.app.get(RulesRuntime).ready()
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
    await api.app.get(SourcesDirectory).refresh()
    const rule = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: ruleId,
        name: 'Người vào vùng cấm (evidence)',
        kind: 'detection',
        severity: 'critical',
        category: 'traffic',
        subCategory: 'hazardOnRoad',
        target: { sourceIds: [camera] },
        params: { event: 'person_in_zone', zoneId: 'z1' },
      },
    })
    expect(rule.status).toBe(201)
  }, 120_000)

  afterAll(async () => {
    await broker?.endAsync()
    await api?.close()
  })

  const cameraSnapshot = async () => {
    const res = await api.request(`/cameras/${camera}/snapshot.jpg`, { as: 'operator' })
    return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : null
  }

  it('keeps the snapshot of the moment the alert was raised, not a later frame, with the box drawn', async () => {
    const green = await solid('0x00ff00')
    const publishedAt = Date.now()
    await broker.publishAsync(streams.cameraSnapshot.topic({ cameraId: camera }), green, { qos: 1 })
    await expect.poll(cameraSnapshot, { timeout: 5000 }).toEqual(green)
    atThatTime = (await cameraSnapshot())!
    // green reached the api within `lag` before the detection; the later frame reaches it well
    // over `lag` after (whatever the machine's load), so only a pick by time can choose green
    const detectedAt = new Date()
    const lag = detectedAt.getTime() - publishedAt
    await sleep(lag + 1500)
    // the camera moves on before the detection reaches the api: the latest frame is another
    later = await solid('0x0000ff')
    await broker.publishAsync(streams.cameraSnapshot.topic({ cameraId: camera }), later, { qos: 1 })
    await expect.poll(cameraSnapshot, { timeout: 5000 }).toEqual(later)
    await broker.publishAsync(
      streams.detectionEvents.topic({ cameraId: camera }),
      JSON.stringify({
        cameraId: camera,
        ts: detectedAt.toISOString(),
        kind: 'person_in_zone',
        zoneId: 'z1',
        trackId: 4,
        box: [0.25, 0.25, 0.75, 0.75],
      }),
      { qos: 1 },
    )
    await expect
      .poll(
        async () =>
          parseAnswer(
            alertListSchema,
            await (await api.request('/alerts?category=traffic', { as: 'operator' })).json(),
          ).items.find((a) => a.ruleId === ruleId),
        { timeout: 5000 },
      )
      .toBeTruthy()
    alert = parseAnswer(
      alertListSchema,
      await (await api.request('/alerts?category=traffic', { as: 'operator' })).json(),
    ).items.find((a) => a.ruleId === ruleId)!
    await api.app.get(EvidenceService).idle()

    const res = await api.request(`/alerts/${alert.id}/snapshot.jpg`, { as: 'traffic' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const kept = Buffer.from(await res.arrayBuffer())
    // inside the box: the picture of that time (green), not the later one (blue)
    const inside = await pixel(kept, W / 2, H / 2)
    expect(near(inside, await pixel(atThatTime, W / 2, H / 2)), `inside ${inside}`).toBe(true)
    expect(near(inside, await pixel(later, W / 2, H / 2)), `inside ${inside}`).toBe(false)
    // on the box's left edge (x = 0.25 W, 4 px thick), red; outside it, the picture again
    const edge = await pixel(kept, W / 4 + 1, H / 2)
    expect(near(edge, [255, 0, 0]), `edge ${edge}`).toBe(true)
    expect(near(await pixel(atThatTime, W / 4 + 1, H / 2), [255, 0, 0])).toBe(false)
    expect(near(await pixel(kept, 10, 10), [0, 255, 0])).toBe(true)

    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'traffic' })).json(),
    )
    expect(detail.evidence).toEqual([
      {
        kind: 'raised',
        seq: detail.events[0]!.seq,
        takenAt: expect.any(String),
        detectedAt: detectedAt.toISOString(),
        boxes: [[0.25, 0.25, 0.75, 0.75]],
      },
    ])
    // the snapshot that arrived nearest the detection: green, within `lag` before it
    const skew = Date.parse(detail.evidence[0]!.takenAt) - detectedAt.getTime()
    expect(skew).toBeLessThanOrEqual(0)
    expect(skew).toBeGreaterThanOrEqual(-lag)
    // with the token in the query, as an <img> tag asks
    const img = await fetch(`${api.base}/alerts/${alert.id}/snapshot.jpg?token=${await api.token('leader')}`)
    expect(img.status).toBe(200)
    expect(Buffer.from(await img.arrayBuffer())).toEqual(kept)
  })

  it("draws a crowd's persons, from the detection frame of its moment", async () => {
    const crowdRule = `${ruleId}-crowd`.slice(0, 64)
    const created = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: crowdRule,
        name: 'Tụ tập đông người (evidence)',
        kind: 'detection',
        severity: 'major',
        category: 'traffic',
        subCategory: 'hazardOnRoad',
        target: { sourceIds: [camera] },
        params: { event: 'crowd', zoneId: 'z2', minCount: 2 },
      },
    })
    expect(created.status).toBe(201)
    await broker.publishAsync(streams.cameraSnapshot.topic({ cameraId: camera }), await solid('0x808080'), {
      qos: 1,
    })
    const ts = new Date().toISOString()
    const persons: [number, number, number, number][] = [
      [0.1, 0.1, 0.2, 0.4],
      [0.5, 0.5, 0.6, 0.9],
    ]
    await broker.publishAsync(
      streams.detections.topic({ cameraId: camera }),
      JSON.stringify({
        cameraId: camera,
        ts,
        width: W,
        height: H,
        detections: [
          { label: 'person', score: 0.9, box: persons[0] },
          { label: 'car', score: 0.8, box: [0.7, 0.1, 0.9, 0.3] },
          { label: 'person', score: 0.7, box: persons[1] },
        ],
      }),
    )
    await sleep(200) // the frame reaches the api before the event, as the ingest sends them
    await broker.publishAsync(
      streams.detectionEvents.topic({ cameraId: camera }),
      JSON.stringify({ cameraId: camera, ts, kind: 'crowd', zoneId: 'z2', count: 2 }),
      { qos: 1 },
    )
    const crowd = async () =>
      parseAnswer(
        alertListSchema,
        await (await api.request('/alerts?category=traffic', { as: 'operator' })).json(),
      ).items.find((a) => a.ruleId === crowdRule)
    await expect.poll(crowd, { timeout: 5000 }).toBeTruthy()
    const id = (await crowd())!.id
    await api.app.get(EvidenceService).idle()
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${id}`, { as: 'operator' })).json(),
    )
    expect(detail.evidence.map((e) => e.boxes)).toEqual([persons])
    const kept = Buffer.from(
      await (await api.request(`/alerts/${id}/snapshot.jpg`, { as: 'operator' })).arrayBuffer(),
    )
    // the first person's box edge is drawn, the car is not
    expect(near(await pixel(kept, Math.round(W * 0.1) + 1, Math.round(H * 0.25)), [255, 0, 0])).toBe(true)
    expect(near(await pixel(kept, Math.round(W * 0.7) + 1, Math.round(H * 0.2)), [255, 0, 0])).toBe(false)
  })

  it('shows it only to those who may see the alert and watch its camera; 404 with the reason otherwise', async () => {
    const security = await api.request(`/alerts/${alert.id}/snapshot.jpg`, { as: 'security' })
    expect(security.status).toBe(404)
    expect(parseAnswer(errorBodySchema, await security.json())).toEqual({
      code: 'alert_snapshot_not_found',
      message: `alert ${alert.id} has no snapshot: your role does not watch camera ${camera}`,
    })
    // security reads the alert, without its picture
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'security' })).json(),
    )
    expect(detail.evidence).toEqual([])
    expect((await api.request(`/alerts/${alert.id}/snapshot.jpg`)).status).toBe(401)
    const noRepeat = await api.request(`/alerts/${alert.id}/snapshot.jpg?kind=latest`, { as: 'operator' })
    expect(noRepeat.status).toBe(404)
    expect(parseAnswer(errorBodySchema, await noRepeat.json()).message).toMatch(/none was kept of a repeat/)
    expect(
      (await api.request(`/alerts/${alert.id}/snapshot.jpg?kind=first`, { as: 'operator' })).status,
    ).toBe(400)
    expect((await api.request(`/alerts/987654321/snapshot.jpg`, { as: 'operator' })).status).toBe(404)
    const sensorAlert = await api.app.get(AlertsService).raise({
      sourceType: 'sensor',
      sourceId: 'aq-evidence',
      ruleId: `evidence-sensor-${run}`.slice(0, 60),
      severity: 'minor',
      category: 'environment',
      subCategory: 'airPollution',
      district: null,
      title: 'PM2.5',
      description: '',
      at: new Date(),
      detail: {},
    })
    const sensor = await api.request(`/alerts/${sensorAlert.alert.id}/snapshot.jpg`, { as: 'operator' })
    expect(sensor.status).toBe(404)
    expect(parseAnswer(errorBodySchema, await sensor.json()).message).toMatch(
      /raised by a sensor, not a camera/,
    )
  })
})
