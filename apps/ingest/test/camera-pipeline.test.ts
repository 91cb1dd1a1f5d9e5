// The camera pipeline end to end with real parts: simulated cameras are GStreamer RTSP servers in
// their own processes, ffmpeg pulls them, node-media-server relays, frames reach a FrameSink.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { signMediaPlay } from '@ioc/config'
import type { CameraStatus } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import { CameraPipeline, type PipelineCamera } from '../src/cameras/camera-pipeline.js'
import { FfmpegProcesses } from '../src/cameras/ffmpeg-processes.js'
import { EmbeddedMediaServer, PUBLISH_TTL_S } from '../src/cameras/media-server.js'
import type { Frame } from '../src/video/frame.js'
import { descendantsOf, listProcesses } from './support/process-list.js'
import { RtspCameraProcess } from './support/rtsp-camera-process.js'

const run = promisify(execFile)
const PASSWORD = 'cam-p@ss:9'
const PLAY_SECRET = randomBytes(32).toString('hex')

async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
    await new Promise((ok) => setTimeout(ok, 100))
  }
}

/** Reads `seconds` of an HTTP-FLV stream into a file (a live FLV never ends by itself). */
async function recordFlv(url: string, file: string, seconds: number): Promise<void> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  expect(response.status).toBe(200)
  const chunks: Buffer[] = []
  const timer = setTimeout(() => controller.abort(), seconds * 1000)
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      chunks.push(Buffer.from(chunk))
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err
  } finally {
    clearTimeout(timer)
  }
  await writeFile(file, Buffer.concat(chunks))
}

/** What a WS-FLV viewer gets: bytes received in `ms`, and the close code if the server closed. */
function watchWs(url: string, ms: number): Promise<{ bytes: Buffer; closeCode: number | null }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url)
    const chunks: Buffer[] = []
    let closeCode: number | null = null
    const timer = setTimeout(() => ws.terminate(), ms)
    ws.on('message', (data: Buffer) => chunks.push(data))
    ws.on('close', (code) => {
      // 1006: no close frame, i.e. this side gave up after `ms`
      if (code !== 1006) closeCode = code
      clearTimeout(timer)
      ok({ bytes: Buffer.concat(chunks), closeCode })
    })
    ws.on('error', fail)
  })
}

/** Whether ffmpeg can read one video frame from a URL (RTMP play). */
async function readsAFrame(url: string): Promise<boolean> {
  try {
    await run(
      'ffmpeg',
      ['-v', 'error', '-rw_timeout', '8000000', '-i', url, '-frames:v', '1', '-f', 'null', '-'],
      {
        timeout: 20_000,
      },
    )
    return true
  } catch {
    return false
  }
}

/** Processes on this machine (the simulated cameras' own excepted) whose command line shows `text`. */
function commandLinesShowing(text: string[], cameras: RtspCameraProcess[]) {
  const all = listProcesses()
  const cameraSide = descendantsOf(
    all,
    cameras.map((c) => c.pid).filter((pid) => pid !== undefined),
  )
  const ours = descendantsOf(all, [process.pid])
  const ffmpegs = all.filter((p) => ours.has(p.pid) && !cameraSide.has(p.pid) && /\bffmpeg\b/.test(p.command))
  const showing = all.filter((p) => !cameraSide.has(p.pid) && text.some((t) => p.command.includes(t)))
  return { scanned: all.length, ffmpegs, showing }
}

describe('camera pipeline', () => {
  const ffmpeg = new FfmpegProcesses()
  let media: EmbeddedMediaServer
  let rtmpPort: number
  let httpPort: number
  let dir: string
  const cameras: RtspCameraProcess[] = []
  const pipelines: CameraPipeline[] = []
  const latest = new Map<string, CameraStatus>()
  const frames = new Map<string, Frame[]>()
  let traffic: RtspCameraProcess
  let security: RtspCameraProcess
  let udpOnly: RtspCameraProcess

  const pipeline = (camera: Partial<PipelineCamera> & Pick<PipelineCamera, 'id' | 'rtspUrl'>) => {
    const p = new CameraPipeline(
      { username: 'admin', password: PASSWORD, transport: 'auto', detectFps: 5, ...camera },
      {
        ffmpeg,
        publishUrl: (id) => media.publishUrl(id),
        snapshotDir: dir,
        frames: {
          submit: (frame) => {
            const list = frames.get(frame.cameraId) ?? []
            list.push(frame)
            if (list.length > 50) list.shift()
            frames.set(frame.cameraId, list)
          },
        },
        onStatus: (status) => latest.set(status.cameraId, status),
        log: () => {},
      },
    )
    pipelines.push(p)
    p.start()
    return p
  }
  const state = (id: string) => latest.get(id)?.state
  const online = (id: string) =>
    state(id) === 'online' || state(id) === 'degraded' ? latest.get(id) : undefined

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-cam-test-'))
    rtmpPort = await freePort()
    httpPort = await freePort()
    media = new EmbeddedMediaServer({ rtmpPort, httpPort, playSecret: PLAY_SECRET })
    await media.start()
    traffic = new RtspCameraProcess({
      clip: 'traffic.mp4',
      port: await freePort(),
      user: 'admin',
      password: PASSWORD,
    })
    security = new RtspCameraProcess({
      clip: 'people.mp4',
      port: await freePort(),
      user: 'admin',
      password: PASSWORD,
    })
    udpOnly = new RtspCameraProcess({ clip: 'people.mp4', port: await freePort(), protocols: ['udp'] })
    cameras.push(traffic, security, udpOnly)
    await Promise.all(cameras.map((c) => c.start()))
  }, 90_000)

  afterAll(async () => {
    await Promise.all(pipelines.map((p) => p.stop()))
    await ffmpeg.stopAll()
    await Promise.all(cameras.map((c) => c.stop()))
    await media?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('brings cameras online within 10 s and hands detection whole BGR frames', async () => {
    const started = Date.now()
    pipeline({ id: 'cam-traffic', rtspUrl: traffic.url })
    pipeline({ id: 'cam-security', rtspUrl: security.url, detectFps: 2 })
    await waitFor('cam-traffic online', () => online('cam-traffic'), 10_000)
    await waitFor('cam-security online', () => online('cam-security'), 10_000)
    console.log(`both cameras online ${Date.now() - started} ms after start`)
    const frame = await waitFor('frames of cam-traffic', () => frames.get('cam-traffic')?.[0], 5000)
    expect([frame.width, frame.height]).toEqual([640, 360])
    expect(frame.bgr.length).toBe(640 * 360 * 3)
    const people = await waitFor('frames of cam-security', () => frames.get('cam-security')?.[0], 5000)
    // 800x450 scaled to at most 640 wide, even height
    expect([people.width, people.height]).toEqual([640, 360])
    expect(people.bgr.length).toBe(640 * 360 * 3)
  }, 30_000)

  it('gives a clear reason for wrong credentials, a wrong path and a refused port, others unaffected', async () => {
    pipeline({ id: 'cam-bad-pass', rtspUrl: traffic.url, password: 'wrong' })
    pipeline({ id: 'cam-bad-path', rtspUrl: traffic.url.replace('/stream', '/nope') })
    pipeline({ id: 'cam-refused', rtspUrl: `rtsp://127.0.0.1:${await freePort()}/stream` })
    await waitFor('auth_failed', () => latest.get('cam-bad-pass')?.reason === 'auth_failed', 10_000)
    await waitFor('not_found', () => latest.get('cam-bad-path')?.reason === 'not_found', 10_000)
    await waitFor('refused', () => latest.get('cam-refused')?.reason === 'refused', 10_000)
    for (const id of ['cam-bad-pass', 'cam-bad-path', 'cam-refused']) {
      expect(state(id)).toBe('offline')
      expect(JSON.stringify(latest.get(id))).not.toContain(PASSWORD)
      expect(JSON.stringify(latest.get(id))).not.toContain('wrong')
    }
    expect(online('cam-traffic')).toBeTruthy()
    expect(online('cam-security')).toBeTruthy()
  }, 30_000)

  it('falls back to UDP when a camera refuses TCP', async () => {
    pipeline({ id: 'cam-udp', rtspUrl: udpOnly.url, username: null, password: null })
    await waitFor('cam-udp online', () => online('cam-udp'), 15_000)
  }, 20_000)

  it('relays playable H.264 over HTTP-FLV; three viewers and detection make one RTSP session', async () => {
    const url = media.playUrl('cam-traffic')
    const files = [0, 1, 2].map((i) => join(dir, `viewer-${i}.flv`))
    await Promise.all(files.map((file) => recordFlv(url, file, 3)))
    for (const file of files) {
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name,width,height',
        '-of',
        'compact',
        file,
      ])
      expect(stdout).toContain('codec_name=h264|width=640|height=360')
    }
    expect(frames.get('cam-traffic')!.at(-1)!.ts).toBeGreaterThan(Date.now() - 2000)
    // the bad-password pipeline retries against the same server but never gets a session
    expect(traffic.counts.sessions).toBe(1)
    expect(traffic.counts.active).toBeGreaterThanOrEqual(1)
    const jpeg = await readFile(pipelines[0]!.snapshotFile)
    expect(jpeg.readUInt16BE(0)).toBe(0xffd8)
  }, 30_000)

  it('plays only with an unexpired signature of the play secret, over HTTP-FLV, WS-FLV and RTMP', async () => {
    const path = '/live/cam-traffic'
    const refusals: [string, string | null, string][] = [
      ['unsigned', null, 'unsigned'],
      ['expired', signMediaPlay(path, PLAY_SECRET, -5), 'expired signature'],
      ['wrong secret', signMediaPlay(path, randomBytes(32).toString('hex')), 'wrong signature'],
      ['another camera', signMediaPlay('/live/cam-security', PLAY_SECRET), 'wrong signature'],
      ['malformed', 'abc-def', 'malformed signature'],
    ]
    for (const [what, sign, why] of refusals) {
      const query = sign === null ? '' : `?sign=${sign}`
      // a live stream never ends: what has not ended within 3 s is a stream
      const http = await fetch(`${media.httpUrl}${path}.flv${query}`, { signal: AbortSignal.timeout(3000) })
      const body = await http.text().catch(() => 'a stream')
      expect([what, http.status, body]).toEqual([what, 403, `${why}\n`])
      const ws = await watchWs(`ws://127.0.0.1:${httpPort}${path}.flv${query}`, 3000)
      expect([what, ws.closeCode, ws.bytes.length]).toEqual([what, 1008, 0])
      expect([what, await readsAFrame(`rtmp://127.0.0.1:${rtmpPort}${path}${query}`)]).toEqual([what, false])
    }
    console.log(`refused plays: ${JSON.stringify(media.refusedPlays)}`)
    expect(media.refusedPlays).toEqual({
      unsigned: 3,
      'expired signature': 3,
      'wrong signature': 6,
      'malformed signature': 3,
    })
    // the same signature, fresh, plays on all three
    const sign = signMediaPlay(path, PLAY_SECRET)
    const ws = await watchWs(`ws://127.0.0.1:${httpPort}${path}.flv?sign=${sign}`, 2000)
    expect(ws.bytes.subarray(0, 3).toString()).toBe('FLV')
    expect(ws.bytes.length).toBeGreaterThan(20_000)
    expect(await readsAFrame(`rtmp://127.0.0.1:${rtmpPort}${path}?sign=${sign}`)).toBe(true)
  }, 90_000)

  it('keeps camera passwords off every command line', async () => {
    const secrets = [PASSWORD, encodeURIComponent(PASSWORD)]
    const before = commandLinesShowing(secrets, cameras)
    console.log(`${before.scanned} processes scanned, ${before.ffmpegs.length} ffmpeg pipelines of this test`)
    // traffic, security and the retrying bad-password/bad-path ones hold a password
    expect(before.ffmpegs.length).toBeGreaterThanOrEqual(2)
    expect(before.showing.map((p) => `${p.pid} ${p.command.slice(0, 60)}`)).toEqual([])
    expect(before.ffmpegs.some((p) => p.command.includes('rtsp://'))).toBe(false)
    // what does stand there, the publish signature, dies within PUBLISH_TTL_S of the pipeline's start
    const expiries = before.ffmpegs.flatMap((p) =>
      [...p.command.matchAll(/[?&]sign=(\d+)-/g)].map((m) => Number(m[1])),
    )
    expect(expiries.length).toBeGreaterThanOrEqual(2)
    for (const exp of expiries) expect(exp - Date.now() / 1000).toBeLessThanOrEqual(PUBLISH_TTL_S)
    expect(PUBLISH_TTL_S).toBeLessThanOrEqual(30)
  })

  it('goes offline within 10 s when its camera stops, and comes back by itself', async () => {
    await security.stop()
    const t0 = Date.now()
    const down = await waitFor(
      'cam-security offline',
      () => (state('cam-security') === 'offline' ? latest.get('cam-security') : undefined),
      10_000,
    )
    console.log(`offline after ${Date.now() - t0} ms: ${down.reason} (${down.detail})`)
    expect(down.reason).toMatch(/^(refused|no_frames|timeout)$/)
    expect(online('cam-traffic')).toBeTruthy()
    await security.start()
    const t1 = Date.now()
    await waitFor('cam-security back online', () => online('cam-security'), 20_000)
    console.log(`back online ${Date.now() - t1} ms after its camera restarted`)
    const health = pipelines[1]!.tick().health!
    expect(health.restarts).toBeGreaterThanOrEqual(1)
    expect([health.width, health.height]).toEqual([800, 450])
    // the restarted ffmpeg got its password the same way, and its stream copy reaches viewers again
    const after = commandLinesShowing([PASSWORD, encodeURIComponent(PASSWORD)], cameras)
    expect(after.showing).toEqual([])
    const file = join(dir, 'after-restart.flv')
    await recordFlv(media.playUrl('cam-security'), file, 3)
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'compact', file],
    ])
    expect(stdout).toContain('codec_name=h264|width=800|height=450')
    expect(frames.get('cam-security')!.at(-1)!.ts).toBeGreaterThan(Date.now() - 2000)
  }, 45_000)
})
