// The clock camera, read as a client reads it: every decoded frame carries a readable capture time,
// frames a frame-interval apart, a fraction of a second old. The whole camera-to-browser path is
// measured in apps/api/test/live-delay.e2e.test.ts; this checks the camera alone.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clockCellMeans, clockCodeAge, readClockCode } from '@ioc/contracts'
import { SimulatedCamera } from '../src/cameras/simulated-camera.js'
import { freePort } from './free-port.js'

const run = promisify(execFile)
const WIDTH = 640
const HEIGHT = 360

describe('clock camera', () => {
  let camera: SimulatedCamera
  beforeAll(async () => {
    camera = new SimulatedCamera({ clock: true, port: await freePort(), username: 'admin', password: 'tick' })
    await camera.start()
  })
  afterAll(() => camera.stop())

  it('serves 25 fps whose frames each show their capture time', async () => {
    const startedAt = Date.now()
    const { stdout } = await run(
      'ffmpeg',
      [
        ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', camera.url],
        ['-frames:v', '75', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
      ].flat(),
      { encoding: 'buffer', maxBuffer: 100 * WIDTH * HEIGHT, timeout: 30_000 },
    )
    const finishedAt = Date.now()
    const frames = stdout.length / (WIDTH * HEIGHT)
    expect(frames).toBe(75)
    const codes: (number | null)[] = []
    for (let i = 0; i < frames; i++)
      codes.push(
        readClockCode(
          clockCellMeans(stdout.subarray(i * WIDTH * HEIGHT, (i + 1) * WIDTH * HEIGHT), WIDTH, HEIGHT),
        ),
      )
    // a client joining between key frames may get a few damaged frames first (no reference yet);
    // from the first key frame on, every frame reads
    const firstGood = codes.findIndex((c) => c !== null)
    expect(firstGood).toBeGreaterThanOrEqual(0)
    expect(firstGood).toBeLessThan(26)
    const good = codes.slice(firstGood)
    expect(good.every((c) => c !== null)).toBe(true)
    const steps = good.slice(1).map((c, i) => clockCodeAge(good[i]!, c!))
    // painted 40 ms apart (a timer's jitter aside), never backwards
    const sorted = [...steps].sort((a, b) => a - b)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(35)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(45)
    expect(sorted.at(-1)).toBeLessThan(1000)
    // every time read was painted while this client was reading
    for (const c of good) expect(clockCodeAge(c!, finishedAt)).toBeLessThan(finishedAt - startedAt + 2000)
  })
})
