// Glass-to-glass delay of live video on loopback, the whole real path: a simulated camera whose
// frames show their own capture time (clock code) -> GStreamer RTSP server -> the ingest's ffmpeg
// pull -> node-media-server -> the api's authorised live.flv relay (HTTP-FLV and WS-FLV) -> mpegts.js
// in Chromium. The page reads the code of every frame it shows; delay = when it was shown - when it
// was captured, both on this machine's clock. Issue 4 asks for under 1.5 s. A wall plays more
// tiles than the six HTTP/1.1 connections a browser opens to a host: over WebSocket they all play.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraViewSchema, clockCodeAge, readClockCode } from '@ioc/contracts'
import { freePort, testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'
import { launchChromium } from './support/browser.js'
import { openClockPlayer, type ClockPlayer, type ShownFrame } from './support/clock-player.js'
import { openWallPage } from './support/wall-player.js'
import { startIngest, startProcess, stopProcess, waitFor, type Proc } from './support/processes.js'

const SECRET = `Clock-${randomBytes(6).toString('hex')}`
// ids unique per run: the broker keeps retained statuses of earlier runs
const id = `cam-clock-${randomBytes(3).toString('hex')}`
const WARM_UP_MS = 5000
const MEASURE_MS = 12_000
const MIN_SAMPLES = 50
const VIEWERS = 3
const TILES = 8

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

describe('live video delay, camera to browser', () => {
  let api: TestApi
  let camera: Proc
  let ingest: Proc
  let browser: Browser | undefined
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-live-delay-'))
    const cameraPort = await freePort()
    const mediaHttpPort = await freePort()
    camera = startProcess(
      ['apps/simulator/src/cameras/serve-one.ts', '--clock', '--port', String(cameraPort)].concat([
        '--user',
        'admin',
        '--password',
        SECRET,
      ]),
    )
    api = await startTestApi(testTargets[0]!, { IOC_MEDIA_HTTP_PORT: String(mediaHttpPort) })
    ingest = await startIngest(api, { instance: `ingest-${id}`, mediaHttpPort, dataDir: dir })
    await waitFor('the clock camera', async () => camera.output.some((l) => l.includes('"ready"')), 30_000)
    const created = await api.request('/cameras', {
      as: 'admin',
      method: 'POST',
      body: {
        id,
        name: 'Đồng hồ đo độ trễ / delay clock',
        kind: 'security',
        lat: 15.5736,
        lon: 108.474,
        district: 'Tam Kỳ',
        rtspUrl: `rtsp://127.0.0.1:${cameraPort}/stream`,
        username: 'admin',
        password: SECRET,
      },
    })
    expect(created.status).toBe(201)
    await waitFor(
      'camera online',
      async () => {
        const view = parseAnswer(
          cameraViewSchema,
          await (await api.request(`/cameras/${id}`, { as: 'operator' })).json(),
        )
        return view.status?.state === 'online'
      },
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\ningest said:\n${ingest.output.slice(-30).join('\n')}`)
    })
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    const t0 = Date.now()
    await browser?.close()
    const t1 = Date.now()
    await stopProcess(ingest)
    const t2 = Date.now()
    await stopProcess(camera)
    const t3 = Date.now()
    await api?.close()
    console.log(
      `stopped: browser ${t1 - t0} ms, ingest ${t2 - t1} ms, camera ${t3 - t2} ms, api ${Date.now() - t3} ms`,
    )
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('shows each frame within 1.5 s of its capture (median), read from the frames themselves', async () => {
    const origin = api.base.replace(/\/api$/, '')
    const url = `${api.base}/cameras/${id}/live.flv?token=${await api.token('operator')}`
    // the middle viewer plays the same bytes over WebSocket
    const transports = Array.from({ length: VIEWERS }, (_, i) => (i === 1 ? 'WS-FLV' : 'HTTP-FLV'))
    // where in the GOP a viewer joins decides how far behind it starts (node-media-server sends
    // from the last key frame): viewers a third of a GOP apart sample that spread
    const players: ClockPlayer[] = []
    const joins: string[] = []
    for (let i = 0; i < VIEWERS; i++) {
      if (i > 0) await new Promise((ok) => setTimeout(ok, 1000 / VIEWERS + 1000))
      const player = await openClockPlayer(browser!, origin)
      const playAt = Date.now()
      await player.play(transports[i] === 'WS-FLV' ? url.replace(/^http/, 'ws') : url)
      const first = await waitFor(
        'a first frame in the browser',
        async () => {
          const frames = await player.takeShown()
          return frames.length > 0 && frames
        },
        30_000,
      )
      joins.push(`${Date.now() - playAt} ms to the first frame, ${readShown(first).delays[0] ?? '?'} ms old`)
      players.push(player)
    }
    console.log(`viewers joined: ${joins.join('; ')}`)
    await new Promise((ok) => setTimeout(ok, WARM_UP_MS))
    for (const player of players) await player.takeShown()

    const measured = players.map(() => readShown([]))
    const until = Date.now() + MEASURE_MS
    while (Date.now() < until) {
      await new Promise((ok) => setTimeout(ok, 500))
      for (const [i, player] of players.entries()) {
        const more = readShown(await player.takeShown())
        measured[i]!.delays.push(...more.delays)
        measured[i]!.codes.push(...more.codes)
        measured[i]!.unreadable += more.unreadable
        measured[i]!.buffered.push(...more.buffered)
      }
    }
    const all = figures(measured.flatMap((m) => m.delays))
    console.log(
      `glass-to-glass delay over ${MEASURE_MS / 1000} s, ${VIEWERS} viewers (ms): ${JSON.stringify(all)}`,
    )
    for (const [i, m] of measured.entries())
      console.log(
        `  viewer ${i + 1} (${transports[i]}): ${JSON.stringify({ ...figures(m.delays), unreadable: m.unreadable })}, ` +
          `buffered in the player p50 ${Math.round(figures(m.buffered).p50 * 1000)} ms`,
      )
    for (const [i, player] of players.entries()) {
      expect(await player.problems()).toEqual([])
      // 25 fps shown for 12 s is 300 frames; a slow shared machine may show fewer, never this few
      expect(measured[i]!.delays.length).toBeGreaterThanOrEqual(MIN_SAMPLES)
      // a misread that passed the CRC would show as a time going backwards
      const { codes } = measured[i]!
      for (let k = 1; k < codes.length; k++)
        expect(clockCodeAge(codes[k - 1]!, codes[k]!)).toBeLessThan(10_000)
    }
    expect(all.p50).toBeLessThan(1500)
    // sanity of the clock itself: a frame shown before it was captured means a broken measurement
    expect(all.min).toBeGreaterThan(0)
    for (const player of players) await player.page.close()
  }, 120_000)

  it('plays 8 tiles of one page over WebSocket, where HTTP-FLV stalls past the sixth', async () => {
    const origin = api.base.replace(/\/api$/, '')
    const url = `${api.base}/cameras/${id}/live.flv?token=${await api.token('operator')}`
    /** Seconds of video each tile played in 4 s, after every tile had 6 s to start. */
    const played = async (playUrl: string): Promise<number[]> => {
      const wall = await openWallPage(browser!, origin)
      await wall.start(playUrl, TILES)
      await new Promise((ok) => setTimeout(ok, 6000))
      const before = await wall.progress()
      await new Promise((ok) => setTimeout(ok, 4000))
      const after = await wall.progress()
      await wall.page.close()
      return after.map((tile, i) => Math.round((tile.currentTime - before[i]!.currentTime) * 10) / 10)
    }
    const overWs = await played(url.replace(/^http/, 'ws'))
    const overHttp = await played(url)
    console.log(`seconds played per tile in 4 s: WS-FLV ${overWs.join(' ')}; HTTP-FLV ${overHttp.join(' ')}`)
    for (const seconds of overWs) expect(seconds).toBeGreaterThan(3)
    // the browser's six connections a host: the 7th and 8th HTTP tiles wait for one to free up
    expect(overHttp.filter((seconds) => seconds === 0).length).toBeGreaterThanOrEqual(TILES - 6)
  }, 90_000)
})

function figures(delays: number[]): { samples: number; p50: number; p95: number; max: number; min: number } {
  const sorted = [...delays].sort((a, b) => a - b)
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1)!,
    min: sorted[0]!,
  }
}

/** Capture times read from shown frames and their delays; frames whose code fails its checks are counted apart. */
function readShown(frames: ShownFrame[]): {
  delays: number[]
  codes: number[]
  unreadable: number
  buffered: number[]
} {
  const out = { delays: [] as number[], codes: [] as number[], unreadable: 0, buffered: [] as number[] }
  for (const frame of frames) {
    out.buffered.push(frame.bufferedS)
    const code = readClockCode(frame.levels)
    if (code === null) out.unreadable++
    else {
      out.codes.push(code)
      out.delays.push(clockCodeAge(code, frame.shownAt))
    }
  }
  return out
}
