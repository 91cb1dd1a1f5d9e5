// The simulated cameras are real RTSP servers: checked with the real ffprobe, as an NVR would.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SimulatedCamera } from '../src/cameras/simulated-camera.js'
import { freePort } from './free-port.js'

const run = promisify(execFile)

const clip = fileURLToPath(new URL('../../../../shared/media/traffic.mp4', import.meta.url))

async function probe(url: string, transport: 'tcp' | 'udp'): Promise<{ ok: boolean; out: string }> {
  try {
    const result = await run(
      'ffprobe',
      [
        ['-v', 'error', '-rtsp_transport', transport, '-timeout', '5000000'],
        ['-show_entries', 'stream=codec_name,width,height', '-of', 'compact', url],
      ].flat(),
      { timeout: 15_000 },
    )
    return { ok: true, out: result.stdout }
  } catch (err) {
    return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) }
  }
}

describe('simulated camera', () => {
  let camera: SimulatedCamera
  beforeAll(async () => {
    camera = new SimulatedCamera({ clip, port: await freePort(), username: 'admin', password: 'p@ss/w0rd' })
    await camera.start()
  })
  afterAll(() => camera.stop())

  it('serves H.264 over TCP and UDP to a client with the right credentials', async () => {
    for (const transport of ['tcp', 'udp'] as const) {
      const result = await probe(camera.url, transport)
      expect(result.out).toContain('codec_name=h264|width=640|height=360')
    }
    expect(camera.sessionCounts().sessions).toBe(2)
  })

  it('keeps streaming at real-time speed across the end of the clip (20 s, looped)', async () => {
    const { stderr } = await run(
      'ffmpeg',
      [
        ['-hide_banner', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', camera.url],
        ['-t', '26', '-map', '0:v:0', '-vf', 'fps=5', '-f', 'null', '-'],
      ].flat(),
      { timeout: 60_000 },
    )
    const frames = Number([...stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1])
    // 26 s at 5 fps; a stream that stops at the loop gives about 100
    expect(frames).toBeGreaterThanOrEqual(125)
  }, 60_000)

  it('answers 401 to wrong or missing credentials', async () => {
    const wrong = await probe(camera.url.replace('p%40ss%2Fw0rd', 'nope'), 'tcp')
    expect(wrong.ok).toBe(false)
    expect(wrong.out).toContain('401')
    const none = await probe(camera.urlWithoutCredentials, 'tcp')
    expect(none.out).toContain('401')
  })

  it('stops like a camera losing power and serves again once restarted', async () => {
    await camera.stop()
    const down = await probe(camera.url, 'tcp')
    expect(down.out).toContain('Connection refused')
    await camera.start()
    expect((await probe(camera.url, 'tcp')).out).toContain('codec_name=h264')
  })
})

describe('a camera that refuses TCP', () => {
  it('answers TCP with an error and serves UDP', async () => {
    const camera = new SimulatedCamera({ clip, port: await freePort(), protocols: ['udp'] })
    await camera.start()
    try {
      const tcp = await probe(camera.url, 'tcp')
      expect(tcp.ok).toBe(false)
      expect(tcp.out).toMatch(/461|Unsupported transport/i)
      expect((await probe(camera.url, 'udp')).out).toContain('codec_name=h264')
    } finally {
      await camera.stop()
    }
  })
})
