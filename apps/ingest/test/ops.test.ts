// The ingest as a process, as an orchestrator sees it: /metrics that exist and move with the
// traffic, liveness that follows the event loop, readiness, and a SIGTERM that stores every
// reading received before it and exits within IOC_SHUTDOWN_TIMEOUT_S.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import mqtt from 'mqtt'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeAnswerSchema } from '@ioc/contracts'
import { createPostgresTestDatabase, freePort, type TestDatabase } from '@ioc/db/testing'
import { MosquittoProcess } from './support/mosquitto-process.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const token = 'ops-test-metrics-token-0123456789'
const run = `ops${process.pid}`
const camera = `cam-${run}`

/** `name{labels} value` of a Prometheus text, 0 when the series is absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : 0
}

describe('the ingest process: metrics, probes, a clean stop', () => {
  let database: TestDatabase
  let broker: MosquittoProcess
  let dir: string
  let ingest: ChildProcess
  let exited: Promise<number | null>
  let output: string[] = []
  let env: NodeJS.ProcessEnv
  let base: string
  let publisher: mqtt.MqttClient
  let db: pg.Client

  beforeAll(async () => {
    database = await createPostgresTestDatabase()
    broker = new MosquittoProcess(await freePort())
    await broker.start()
    dir = await mkdtemp(join(tmpdir(), 'ioc-ops-'))
    // a camera nobody serves: its pipeline fails and restarts, which the metrics must show
    await writeFile(
      join(dir, 'cameras.json'),
      JSON.stringify([
        {
          id: camera,
          name: 'Ops test camera',
          kind: 'traffic',
          lat: 15.57,
          lon: 108.47,
          district: 'Tam Kỳ',
          rtspUrl: `rtsp://127.0.0.1:${await freePort()}/none`,
        },
      ]),
    )
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      MQTT_URL: broker.url,
      IOC_INGEST_INSTANCE: `ingest-${run}`,
      IOC_INGEST_HTTP_PORT: String(port),
      IOC_METRICS_TOKEN: token,
      IOC_LIVENESS_MAX_DELAY_S: '1',
      IOC_SHUTDOWN_TIMEOUT_S: '10',
      IOC_AUTO_REGISTER_DEVICES: 'true',
      IOC_CAMERAS_FILE: join(dir, 'cameras.json'),
      IOC_MODELS_DIR: dir,
      IOC_MEDIA_RTMP_PORT: String(await freePort()),
      IOC_MEDIA_HTTP_PORT: String(await freePort()),
      IOC_MEDIA_PLAY_SECRET: `ops-test-media-secret-${process.pid}-0123456789`,
      IOC_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      IOC_LOG_PRETTY: '0',
    }
    launch()
    publisher = await mqtt.connectAsync(broker.url, { clientId: `pub-${run}` })
    db = new pg.Client({ connectionString: database.url })
    await db.connect()
  }, 60_000)

  afterAll(async () => {
    if (ingest && ingest.exitCode === null && ingest.signalCode === null) {
      ingest.kill('SIGKILL')
      await exited
    }
    await publisher?.endAsync()
    await db?.end()
    await broker?.stop()
    await database?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** The ingest from its sources, as a user runs it; again with the same instance id after a stop. */
  const launch = () => {
    ingest = spawn(process.execPath, ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = (output = [])
    for (const stream of [ingest.stdout!, ingest.stderr!])
      createInterface({ input: stream }).on('line', (line) => lines.push(line))
    const child = ingest
    exited = new Promise((ok) => child.once('exit', (code) => ok(code)))
  }
  const waitReady = () =>
    expect
      .poll(async () => (await get('/health/ready').catch(() => null))?.status, {
        timeout: 40_000,
        interval: 250,
      })
      .toBe(200)

  const get = (path: string, auth = true) =>
    fetch(`${base}${path}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {})
  const scrape = async () => {
    const res = await get('/metrics')
    expect(res.status).toBe(200)
    return res.text()
  }

  it('becomes ready, each check saying so, and is live', async () => {
    await waitReady()
    const ready = probeAnswerSchema.parse(await (await get('/health/ready')).json())
    expect(ready.status).toBe('ok')
    expect(Object.keys(ready.checks).sort()).toEqual(['accepting', 'broker', 'database', 'migrations'])
    const live = await get('/health/live', false)
    expect(live.status).toBe(200)
    expect(probeAnswerSchema.parse(await live.json()).checks.eventLoop!.ok).toBe(true)
    // JSON log lines, with the instance on each
    const notJson = output.filter((l) => !l.startsWith('{'))
    expect(notJson).toEqual([])
    const started = output
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => /metrics and probes on/.test(String(l.msg)))
    expect(started).toMatchObject({ level: 'info', name: 'ingest', instance: `ingest-${run}` })
  }, 60_000)

  it('serves metrics to the token only; they move with readings, dead letters and the camera', async () => {
    expect((await get('/metrics', false)).status).toBe(401)
    const before = await scrape()
    for (const series of [
      'ioc_ingest_messages_total',
      'ioc_ingest_buffer_items{writer="readings"}',
      'ioc_ingest_readings_total{outcome="stored"}',
      'ioc_ingest_process_cpu_seconds_total',
      'ioc_ingest_nodejs_eventloop_lag_p99_seconds',
    ])
      expect(before, series).toContain(`${series} `)
    const devices = 5
    const now = Date.now()
    for (let i = 0; i < 50; i++)
      await publisher.publishAsync(
        `ioc/v1/sensors/${run}-m${i % devices}/readings`,
        JSON.stringify({ ts: new Date(now - (50 - i) * 1000).toISOString(), values: { pm25: 10 + i } }),
        { qos: 1 },
      )
    for (let i = 0; i < 7; i++)
      await publisher.publishAsync(`ioc/v1/sensors/${run}-bad/readings`, '{not json', { qos: 1 })
    await expect
      .poll(async () => value(await scrape(), 'ioc_ingest_readings_total{outcome="stored"}'), {
        timeout: 15_000,
      })
      .toBe(value(before, 'ioc_ingest_readings_total{outcome="stored"}') + 50)
    const after = await scrape()
    expect(value(after, 'ioc_ingest_messages_total') - value(before, 'ioc_ingest_messages_total')).toBe(50)
    await expect
      .poll(async () => value(await scrape(), 'ioc_ingest_dead_letters_total{reason="bad_json"}'), {
        timeout: 10_000,
      })
      .toBe(7)
    expect(value(after, 'ioc_ingest_devices')).toBeGreaterThanOrEqual(devices)
    // the unserved camera: offline or connecting, and restarting
    await expect
      .poll(async () => value(await scrape(), `ioc_camera_restarts_total{camera="${camera}"}`), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    const cams = await scrape()
    expect(
      value(cams, `ioc_camera_state{camera="${camera}",state="offline"}`) +
        value(cams, `ioc_camera_state{camera="${camera}",state="connecting"}`),
    ).toBe(1)
    expect(cams).toContain(`ioc_camera_fps{camera="${camera}",direction="in"} 0`)
    // its lease: held since its one claim, nothing taken from another replica, nothing lost
    expect(value(cams, 'ioc_camera_leases_held')).toBe(1)
    expect(value(cams, 'ioc_camera_lease_events_total{event="claimed"}')).toBe(1)
    expect(value(cams, 'ioc_camera_lease_events_total{event="taken_over"}')).toBe(0)
    expect(value(cams, 'ioc_camera_lease_events_total{event="lost"}')).toBe(0)
  }, 60_000)

  it('is not live while its event loop is stalled (SIGSTOP), and live again after', async () => {
    ingest.kill('SIGSTOP')
    await new Promise((r) => setTimeout(r, 2500))
    ingest.kill('SIGCONT')
    const stalled = await get('/health/live', false)
    expect(stalled.status).toBe(503)
    expect(probeAnswerSchema.parse(await stalled.json()).checks.eventLoop!.detail).toMatch(
      /delay .*: \d{4} ms/,
    )
    await expect.poll(async () => (await get('/health/live', false)).status, { timeout: 20_000 }).toBe(200)
  }, 40_000)

  it('at SIGTERM fails readiness, stores every reading it received and exits 0 within the bound; none is lost across the restart', async () => {
    const count = 3000
    const stored = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from sensor_readings where device_id like $1`,
          [`${run}-s%`],
        )
      ).rows[0]!.n
    const now = Date.now()
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        publisher.publishAsync(
          `ioc/v1/sensors/${run}-s${i % 20}/readings`,
          JSON.stringify({ ts: new Date(now - i * 10).toISOString(), values: { pm25: i % 500 } }),
          { qos: 1 },
        ),
      ),
    )
    const signalled = Date.now()
    ingest.kill('SIGTERM')
    // the next probe already says not ready, if the server still answers
    const ready = await get('/health/ready').catch(() => null)
    if (ready) expect(ready.status).toBe(503)
    expect(await exited).toBe(0)
    const tookMs = Date.now() - signalled
    expect(tookMs).toBeLessThan(10_000)
    const lines = output.map((l) => JSON.parse(l) as { msg?: string })
    expect(lines.some((l) => l.msg === 'SIGTERM: stopping (at most 10 s)')).toBe(true)
    // what it had received is stored: its last words count them
    const last = /^stopped: (\d+) readings stored since the start, (\d+) unwritten$/.exec(
      lines.at(-1)?.msg ?? '',
    )
    expect(last, lines.at(-1)?.msg).not.toBeNull()
    expect(Number(last![2])).toBe(0)
    const atStop = await stored()
    // what it had not received yet waits in its broker session, or was never sent to it
    launch()
    await waitReady()
    await expect.poll(stored, { timeout: 30_000 }).toBe(count)
    console.log(
      `ingest stop: exited ${tookMs} ms after SIGTERM with ${atStop} of ${count} readings stored, ${count - atStop} more after its restart, none lost`,
    )
  }, 90_000)
})
