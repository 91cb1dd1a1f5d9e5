// The detection stage with a real ONNX session, a real broker and a real database (embedded
// PGlite-TimescaleDB with aedes, and PostgreSQL with Mosquitto). No timing assertions.
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessage, streams, type DetectionEvent, type DetectionFrame } from '@ioc/contracts'
import {
  CountsRepository,
  DetectionEventsRepository,
  defaultPolicy,
  openDatabase,
  type Database,
} from '@ioc/db'
import {
  createEmbeddedTestDatabase,
  createPostgresTestDatabase,
  freePort,
  type TestDatabase,
} from '@ioc/db/testing'
import { startEmbeddedBroker, type EmbeddedBroker } from '../src/broker/embedded-broker.js'
import { DetectionOutputs } from '../src/detection/detection-outputs.js'
import { DetectionStage, type CameraDetectionConfig } from '../src/detection/detection-stage.js'
import type { FileFrame } from '../src/detection/file-frames.js'
import { resolveModelsDir } from '../src/detection/model-manifest.js'
import { ModelPool } from '../src/detection/model-pool.js'
import type { Frame } from '../src/video/frame.js'
import { decodeAll, media } from './support/detection-media.js'

const mosquittoUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
const modelsDir = resolveModelsDir(process.env['IOC_MODELS_DIR'])
const run = `t${process.pid}${Math.floor(Math.random() * 1e6)}`

let traffic: FileFrame[]
let people: FileFrame[]

beforeAll(async () => {
  traffic = await decodeAll(media('traffic.mp4'), 5)
  people = await decodeAll(media('people.mp4'), 5)
})

// A copy of the pixels: the stage takes what it is given (transferred to the inference thread),
// and the clips' frames are used again by other tests.
const asFrame = (cameraId: string, f: FileFrame, t0: number): Frame => ({
  cameraId,
  ts: t0 + f.ms,
  width: f.width,
  height: f.height,
  bgr: Buffer.from(f.bgr),
})

const trafficCamera = (cameraId: string): CameraDetectionConfig => ({
  cameraId,
  kind: 'traffic',
  modelId: 'yolox_nano',
  zones: [],
  lines: [
    {
      id: 'middle',
      name: 'Giữa',
      points: [
        [0.5, 0],
        [0.5, 1],
      ],
      // drawn top to bottom: leftToRight is motion right to left on screen (the upper lanes)
      directions: { leftToRight: 'Hướng Hội An', rightToLeft: 'Hướng Tam Kỳ' },
      // only the Tam Kỳ direction is allowed: every car of the upper lanes goes the wrong way
      oneWay: 'rightToLeft',
    },
  ],
})

describe('detection stage queue', () => {
  it('drops the oldest frames when inference is slower than the frames, keeping the queue bounded', async () => {
    const models = new ModelPool({ modelsDir, intraOpThreads: 2 })
    const stage = new DetectionStage({ models, outputs: new DetectionOutputs(), queueFrames: 3 })
    await stage.configureCamera(trafficCamera('cam-queue'))
    let maxQueued = 0
    const t0 = Date.now()
    // Bursts of 3 frames per turn of the event loop, far faster than one inference (~20 ms).
    const frames = traffic.slice(0, 60)
    for (let i = 0; i < frames.length; i += 3) {
      for (const f of frames.slice(i, i + 3)) stage.submit(asFrame('cam-queue', f, t0))
      const [s] = stage.stats().cameras
      maxQueued = Math.max(maxQueued, s!.queued)
      // every frame is accounted for: processed, dropped, waiting, or in the inference thread
      expect(s!.received).toBe(s!.processed + s!.dropped + s!.queued + s!.inFlight)
      expect(s!.inFlight).toBeLessThanOrEqual(2)
      await new Promise((r) => setImmediate(r))
    }
    await stage.idle()
    const [s] = stage.stats().cameras
    expect(s).toMatchObject({ received: 60, queued: 0, errors: 0 })
    expect(maxQueued).toBe(3)
    expect(s!.dropped).toBeGreaterThan(0)
    expect(s!.processed).toBeLessThan(60)
    expect(s!.processed + s!.dropped).toBe(60)
    // frames of an unknown camera are counted, not queued
    stage.submit(asFrame('cam-unknown', traffic[0]!, t0))
    expect(stage.stats().unconfigured).toBe(1)
    await stage.stop()
    expect(models.open).toEqual({})
    await models.close()
  })

  it('keeps one model reference per camera through reconfiguring and removal while the model loads', async () => {
    const models = new ModelPool({ modelsDir, intraOpThreads: 1 })
    const stage = new DetectionStage({ models, outputs: new DetectionOutputs() })
    const first = stage.configureCamera(trafficCamera('cam-a'))
    const second = stage.configureCamera({ ...trafficCamera('cam-a'), lines: [] }) // same model, new lines
    const gone = stage.configureCamera(trafficCamera('cam-b'))
    stage.removeCamera('cam-b') // removed before its model finished loading
    await Promise.all([first, second, gone])
    expect(models.open).toEqual({ yolox_nano: 1 })
    expect(stage.stats().cameras).toMatchObject([{ cameraId: 'cam-a', ready: true }])
    stage.submit(asFrame('cam-a', traffic[0]!, Date.now()))
    await stage.idle()
    expect(stage.stats().cameras[0]).toMatchObject({ processed: 1, errors: 0 })
    stage.removeCamera('cam-a')
    expect(models.open).toEqual({})
    await stage.stop()
    await models.close()
  })

  it('rejects a camera whose model is not in the manifest, naming it', async () => {
    const models = new ModelPool({ modelsDir, intraOpThreads: 1 })
    const stage = new DetectionStage({ models, outputs: new DetectionOutputs() })
    await expect(
      stage.configureCamera({ ...trafficCamera('cam-bad'), modelId: 'yolo_missing' }),
    ).rejects.toThrow(/model "yolo_missing" is not in models\/manifest.json/)
    await stage.stop()
    await models.close()
  })
})

const setups = [
  { name: 'aedes + embedded PGlite-TimescaleDB', embeddedBroker: true, database: createEmbeddedTestDatabase },
  { name: 'Mosquitto + PostgreSQL', embeddedBroker: false, database: createPostgresTestDatabase },
]

describe.each(setups)('detection stage on $name', (setup) => {
  let env: TestDatabase
  let db: Database
  let broker: EmbeddedBroker | null = null
  let client: mqtt.MqttClient
  let watcher: mqtt.MqttClient
  const received: { events: DetectionEvent[]; frames: DetectionFrame[] } = { events: [], frames: [] }

  beforeAll(async () => {
    env = await setup.database()
    db = await openDatabase({ url: env.url, policy: defaultPolicy })
    if (setup.embeddedBroker) broker = await startEmbeddedBroker({ port: await freePort() })
    const url = broker?.url ?? mosquittoUrl
    client = await mqtt.connectAsync(url, { clientId: `detect-${run}` })
    watcher = await mqtt.connectAsync(url)
    await watcher.subscribeAsync([streams.detectionEvents.filter, streams.detections.filter], { qos: 1 })
    watcher.on('message', (topic, payload) => {
      const event = decodeMessage(streams.detectionEvents, topic, payload)
      const frame = decodeMessage(streams.detections, topic, payload)
      const decoded = event.ok ? event : frame
      if (!decoded.ok) throw new Error(`${topic}: ${decoded.detail}`)
      if (!decoded.params.cameraId.endsWith(run)) return // Mosquitto is shared with other runs
      if (event.ok) received.events.push(event.payload!)
      else if (frame.ok) received.frames.push(frame.payload!)
    })
  })

  afterAll(async () => {
    await watcher?.endAsync()
    await client?.endAsync()
    await broker?.stop()
    await db?.close()
    await env?.dispose()
  })

  it('stores per-minute counts and events, publishes events and rate-limited boxes', async () => {
    const models = new ModelPool({ modelsDir, intraOpThreads: 2 })
    const outputs = new DetectionOutputs({
      counts: new CountsRepository(db.pool, db.dialect),
      events: new DetectionEventsRepository(db.pool),
      mqtt: client,
    })
    const stage = new DetectionStage({ models, outputs, publishIntervalMs: 1000 })
    const cams = { traffic: `traffic-${run}`, people: `people-${run}` }
    await stage.configureCamera(trafficCamera(cams.traffic))
    await stage.configureCamera({
      cameraId: cams.people,
      kind: 'security',
      modelId: 'yolox_nano',
      lines: [],
      zones: [
        {
          id: 'walkway',
          name: 'Lối đi cấm',
          kind: 'restricted',
          points: [
            [0.5, 0.5],
            [1, 0.5],
            [1, 1],
            [0.5, 1],
          ],
        },
      ],
    })
    expect(models.open).toEqual({ yolox_nano: 2 }) // one session for both cameras

    // 20 s of each clip, starting on a minute so every count falls in one bucket
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 120_000
    for (let i = 0; i < traffic.length; i++) {
      stage.submit(asFrame(cams.traffic, traffic[i]!, t0))
      if (people[i]) stage.submit(asFrame(cams.people, people[i]!, t0))
      await stage.idle() // no frame dropped: this test is about the results, not the queue
    }
    await outputs.flush()
    const stats = stage.stats().cameras
    expect(stats.map((s) => [s.processed, s.dropped, s.errors])).toEqual([
      [traffic.length, 0, 0],
      [people.length, 0, 0],
    ])

    const counts = new Map(
      (
        await db.pool.query<{ label: string; direction: string; count: number }>(
          `select label, direction, sum(count)::int as count from detection_counts
           where camera_id = $1 and ts = $2 group by 1, 2`,
          [cams.traffic, new Date(t0)],
        )
      ).rows.map((r) => [`${r.label}|${r.direction}`, r.count]),
    )
    const crossings = (direction: string) =>
      [...counts].filter(([k]) => k.endsWith(`|${direction}`)).reduce((n, [, c]) => n + c, 0)
    expect(crossings('Hướng Tam Kỳ')).toBeGreaterThanOrEqual(10) // hand count 17 (see detection-real-model.test.ts)
    expect(crossings('Hướng Hội An')).toBeGreaterThanOrEqual(5) // hand count 10
    expect(crossings('')).toBeGreaterThanOrEqual(20) // distinct vehicles seen; hand count 29

    await expect.poll(() => received.events.length, { timeout: 10_000 }).toBe(outputs.stats.eventsPublished)
    const stored = await new DetectionEventsRepository(db.pool).recent(cams.traffic, 1000)
    const storedPeople = await new DetectionEventsRepository(db.pool).recent(cams.people, 1000)
    // every wrong-way crossing is an event, stored and published once
    expect(stored.length).toBe(crossings('Hướng Hội An'))
    expect(stored.every((e) => e.kind === 'wrong_way' && e.direction === 'Hướng Hội An')).toBe(true)
    expect(storedPeople.length).toBeGreaterThan(0)
    expect(storedPeople.every((e) => e.kind === 'person_in_zone' && e.zoneId === 'walkway')).toBe(true)
    // jsonb stores keys in its own order: compare with sorted keys
    const key = (e: DetectionEvent) => JSON.stringify(e, Object.keys(e).sort())
    expect(received.events.map(key).sort()).toEqual([...stored, ...storedPeople].map(key).sort())

    // boxes: at most one message a second of frame time per camera (20 s clips: <= 21 each)
    await expect.poll(() => received.frames.length, { timeout: 10_000 }).toBe(outputs.stats.framesPublished)
    for (const cam of Object.values(cams)) {
      const mine = received.frames.filter((f) => f.cameraId === cam)
      expect(mine.length).toBeGreaterThanOrEqual(19)
      expect(mine.length).toBeLessThanOrEqual(21)
    }
    const withTracks = received.frames.flatMap((f) => f.detections).filter((d) => d.trackId !== undefined)
    expect(withTracks.length).toBeGreaterThan(0)
    expect(received.frames.some((f) => f.detections.some((d) => d.label === 'person'))).toBe(true)
    expect(received.frames.some((f) => f.detections.some((d) => d.label === 'car'))).toBe(true)

    await stage.stop()
    await outputs.stop()
    await models.close()
  })
})
