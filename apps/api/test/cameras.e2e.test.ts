// Cameras across real processes: a simulated camera (GStreamer RTSP server), the ingest service
// (ffmpeg pull, node-media-server), the api (REST, FLV relay, snapshots) and a real MQTT broker.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraViewSchema, roleSchema, rooms } from '@ioc/contracts'
import { CamerasRepository, type Database } from '@ioc/db'
import { freePort, testTargets } from '@ioc/db/testing'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'
import { handshakeStatus, openWsFlv, type WsFlvViewer } from './support/flv-viewer.js'
import { repoRoot, startIngest, startProcess, stopProcess, waitFor, type Proc } from './support/processes.js'

const run = promisify(execFile)
const SECRET = `Cam-${randomBytes(6).toString('hex')}`
// ids unique per run: the broker keeps retained statuses of earlier runs
const id = `cam-e2e-${randomBytes(3).toString('hex')}`

async function recordFlv(url: string, file: string, seconds: number): Promise<number> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  if (response.status !== 200) return response.status
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
  return 200
}

/** The status of a live.flv request, without reading the endless body. */
async function httpStatus(url: string): Promise<number> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  controller.abort()
  return response.status
}

const target = testTargets[0]!

describe(`cameras end to end (${target.name} database)`, () => {
  let api: TestApi
  let camera: Proc
  let ingest: Proc
  let dir: string
  let cameraPort: number
  const sessions = { clients: 0, active: 0, sessions: 0 }
  const answers: string[] = []
  // every socket event an operator receives while the camera runs, to check for the password
  const events: { name: string; json: string }[] = []
  let socket: Socket | undefined
  const call = async (path: string, init: Parameters<TestApi['request']>[1] = {}) => {
    const res = await api.request(path, init)
    const text = await res.clone().text()
    answers.push(text)
    return res
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-cam-e2e-'))
    cameraPort = await freePort()
    const httpPort = await freePort()
    camera = startProcess(
      [
        'apps/simulator/src/cameras/serve-one.ts',
        '--clip',
        join(repoRoot, '../shared/media/traffic.mp4'),
      ].concat(['--port', String(cameraPort), '--user', 'admin', '--password', SECRET]),
    )
    createInterface({ input: camera.child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string } & typeof sessions
      if (event.event === 'session') Object.assign(sessions, event)
    })
    api = await startTestApi(target, { IOC_MEDIA_HTTP_PORT: String(httpPort) })
    ingest = await startIngest(api, { instance: `ingest-${id}`, mediaHttpPort: httpPort, dataDir: dir })
    await waitFor(
      'the simulated camera',
      async () => camera.output.some((l) => l.includes('"ready"')),
      30_000,
    )
    socket = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await api.token('operator') },
      reconnection: false,
    })
    socket.onAny((name: string, payload: unknown) => events.push({ name, json: JSON.stringify(payload) }))
    await new Promise<void>((ok, fail) => {
      socket!.once('connect', () => ok())
      socket!.once('connect_error', fail)
    })
    // the camera's own room is joined once the camera exists (rooms name what exists)
    socket.emit('subscribe', { rooms: [rooms.domain('cameras')] }, () => {})
  }, 90_000)

  afterAll(async () => {
    const t0 = Date.now()
    socket?.close()
    await stopProcess(ingest)
    const t1 = Date.now()
    await stopProcess(camera)
    const t2 = Date.now()
    await api?.close()
    console.log(`stopped: ingest ${t1 - t0} ms, camera ${t2 - t1} ms, api ${Date.now() - t2} ms`)
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('registers a camera (admins only, 400 naming the field) and never answers its password', async () => {
    const body = {
      id,
      name: 'Ngã tư Phan Chu Trinh - Hùng Vương',
      kind: 'traffic',
      lat: 15.5736,
      lon: 108.474,
      district: 'Tam Kỳ',
      rtspUrl: `rtsp://127.0.0.1:${cameraPort}/stream`,
      username: 'admin',
      password: SECRET,
    }
    expect((await call('/cameras', { as: 'operator', method: 'POST', body })).status).toBe(403)
    const bad = await call('/cameras', {
      as: 'admin',
      method: 'POST',
      body: { ...body, rtspUrl: `http://admin:${SECRET}@x/` },
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('rtspUrl')
    const created = await call('/cameras', { as: 'admin', method: 'POST', body })
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({
      id,
      rtspUrlRedacted: `rtsp://127.0.0.1:${cameraPort}/stream`,
    })
    expect((await call('/cameras', { as: 'admin', method: 'POST', body })).status).toBe(409)
    expect((await call('/cameras/cam-nope', { as: 'operator' })).status).toBe(404)
  })

  it('goes online in the ingest (picked up from the registry without a restart)', async () => {
    const t0 = Date.now()
    const status = await waitFor(
      'camera online',
      async () => {
        const view = parseAnswer(
          cameraViewSchema,
          await (await call(`/cameras/${id}`, { as: 'operator' })).json(),
        )
        return view.status?.state === 'online' ? view.status : null
      },
      20_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\ningest said:\n${ingest.output.slice(-30).join('\n')}`)
    })
    console.log(`online seen through the api ${Date.now() - t0} ms after registration`)
    expect(status).toMatchObject({ state: 'online', reason: null })
    const list = parseAnswer(
      cameraViewSchema.array(),
      await (await call('/cameras', { as: 'leader' })).json(),
    )
    expect(list.map((c) => c.id)).toContain(id)
  }, 30_000)

  it('refuses live video and snapshots without a valid token', async () => {
    for (const path of [`/cameras/${id}/live.flv`, `/cameras/${id}/snapshot.jpg`]) {
      expect((await call(path)).status).toBe(401)
      expect((await call(`${path}?token=forged.token.value`)).status).toBe(401)
    }
  })

  it('plays H.264 for three viewers at once while detection reads frames: one RTSP session', async () => {
    const token = await api.token('operator')
    const files = [0, 1, 2].map((i) => join(dir, `viewer-${i}.flv`))
    const statuses = await Promise.all(
      files.map((file) => recordFlv(`${api.base}/cameras/${id}/live.flv?token=${token}`, file, 3)),
    )
    expect(statuses).toEqual([200, 200, 200])
    for (const file of files) {
      const { stdout } = await run('ffprobe', [
        ...['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'compact', file],
      ])
      expect(stdout).toContain('codec_name=h264|width=640|height=360')
    }
    expect(sessions.sessions).toBe(1)
    expect(sessions.active).toBe(1)
  }, 30_000)

  it('plays over WebSocket (WS-FLV) to 16 viewers at once, each receiving video tags for 5 s', async () => {
    const token = await api.token('operator')
    const url = `${api.base.replace(/^http/, 'ws')}/cameras/${id}/live.flv?token=${token}`
    const viewers: WsFlvViewer[] = await Promise.all(Array.from({ length: 16 }, () => openWsFlv(url)))
    const t0 = Date.now()
    await new Promise((ok) => setTimeout(ok, 5500))
    const metrics = await (await call('/metrics', { as: 'admin' })).text()
    for (const viewer of viewers) viewer.close()
    const perViewer = viewers.map((v) => {
      const video = v.reader.videoTags()
      // tags that arrived in each second of the 5 (the first second holds the GOP cache burst)
      const perSecond = [1, 2, 3, 4, 5].map(
        (s) => video.filter((t) => t.at >= t0 + (s - 1) * 1000 && t.at < t0 + s * 1000).length,
      )
      return {
        header: v.reader.headerSeen,
        perSecond,
        mediaS: (video.at(-1)!.timestamp - video[0]!.timestamp) / 1000,
      }
    })
    console.log(
      `WS-FLV video tags a second, per viewer: ${perViewer.map((v) => v.perSecond.join('/')).join('  ')}`,
    )
    for (const viewer of perViewer) {
      expect(viewer.header).toBe(true)
      // 24 fps clip: every second brings frames, and the media time advances with the wall clock
      for (const n of viewer.perSecond.slice(1)) expect(n).toBeGreaterThanOrEqual(10)
      expect(viewer.mediaS).toBeGreaterThan(4)
    }
    expect(metrics).toMatch(/ioc_live_viewers\{transport="websocket"\} 16\b/)
    // still one RTSP session: the viewers are readers of the stream the ingest pulls
    expect(sessions.active).toBe(1)
    await waitFor(
      'viewers counted off',
      async () =>
        /ioc_live_viewers\{transport="websocket"\} 0\b/.test(
          await (await call('/metrics', { as: 'admin' })).text(),
        ),
      5000,
    )
  }, 30_000)

  it('refuses WebSocket viewers exactly as the HTTP route refuses them', async () => {
    const ws = `${api.base.replace(/^http/, 'ws')}/cameras`
    expect(await handshakeStatus(`${ws}/${id}/live.flv`)).toBe(401)
    expect(await handshakeStatus(`${ws}/${id}/live.flv?token=forged.token.value`)).toBe(401)
    const token = await api.token('operator')
    expect(await handshakeStatus(`${ws}/cam-nope/live.flv?token=${token}`)).toBe(404)
    expect(await handshakeStatus(`${ws}/${encodeURIComponent('bad id!')}/live.flv?token=${token}`)).toBe(400)
    // every role: the handshake opens where HTTP plays, and is refused with HTTP's status elsewhere
    const seen: string[] = []
    for (const role of roleSchema.options) {
      const query = `?token=${await api.token(role)}`
      const http = await httpStatus(`${api.base}/cameras/${id}/live.flv${query}`)
      const handshake = await handshakeStatus(`${ws}/${id}/live.flv${query}`)
      seen.push(`${role} ${http}/${handshake}`)
      expect([role, handshake]).toEqual([role, http === 200 ? 101 : http])
    }
    console.log(`live.flv of a traffic camera by role, HTTP/WebSocket: ${seen.join(', ')}`)
  }, 30_000)

  it('serves the latest JPEG snapshot', async () => {
    const res = await waitFor(
      'a snapshot',
      async () => {
        const r = await call(`/cameras/${id}/snapshot.jpg`, { as: 'traffic' })
        return r.status === 200 ? r : null
      },
      15_000,
    )
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await res.arrayBuffer())
    expect(jpeg.readUInt16BE(0)).toBe(0xffd8)
    expect(jpeg.length).toBeGreaterThan(5000)
    // security staff watch security cameras only (docs/permissions.md): a traffic camera is unknown to them
    expect((await call(`/cameras/${id}/snapshot.jpg`, { as: 'security' })).status).toBe(404)
  }, 20_000)

  it('applies a change without restarting the ingest, and the password stays unseen', async () => {
    const joined = await socket!.emitWithAck('subscribe', { rooms: [rooms.camera(id)] })
    expect(joined).toMatchObject({ ok: true })
    const patched = await call(`/cameras/${id}`, {
      as: 'admin',
      method: 'PATCH',
      body: { detectFps: 2, password: SECRET },
    })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({ detectFps: 2 })
    expect((await call(`/cameras/${id}`, { as: 'admin', method: 'PATCH', body: { id: 'x' } })).status).toBe(
      400,
    )
    // the ingest restarts this camera's pipeline: a second session, and online again
    await waitFor('a new session', async () => sessions.sessions === 2, 20_000)
    await waitFor(
      'online again',
      async () =>
        parseAnswer(cameraViewSchema, await (await call(`/cameras/${id}`, { as: 'operator' })).json()).status
          ?.state === 'online',
      20_000,
    )
    // health rows reach the camera_health table
    const pool = api.app.get<Database>(DATABASE).pool
    expect(await new CamerasRepository(pool).latestHealth(id)).toMatchObject({ cameraId: id })
    const rows = await pool.query<{ n: number }>(
      `select count(*)::int as n from camera_health where camera_id = $1 and status = 'online' and width = 640 and height = 360 and fps_out > 0`,
      [id],
    )
    expect(rows.rows[0]!.n).toBeGreaterThan(0)
    // the live gateway relays camera statuses; none carries the password
    const statusEvents = events.filter((e) => e.name === 'camera:status' && e.json.includes(id))
    console.log(`${events.length} socket events, ${statusEvents.length} camera:status of this camera`)
    expect(statusEvents.length).toBeGreaterThan(0)
    for (const event of events) expect(event.json).not.toContain(SECRET)
    expect(answers.length).toBeGreaterThan(10)
    for (const answer of answers) expect(answer).not.toContain(SECRET)
    expect(ingest.output.join('\n')).not.toContain(SECRET)
  }, 45_000)
})
