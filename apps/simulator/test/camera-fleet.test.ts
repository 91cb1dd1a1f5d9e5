// The demo's camera fleet as the camera registry receives it: any number of cameras, each valid for
// the api's camera schema, with the zones and lines drawn for its clip; and a demo without any.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cameraCreateSchema } from '@ioc/contracts'
import { buildCameraFleet, detectedCameras } from '../src/cameras/camera-fleet.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('camera fleet', () => {
  const fleet = buildCameraFleet({
    mediaDir: '/nowhere',
    ports: Array.from({ length: 16 }, (_, i) => 20000 + i),
    count: 16,
  })
  const cameras = fleet.map((c) => cameraCreateSchema.parse(c.registration))

  it('registers sixteen distinct cameras the api accepts, apart on the map', () => {
    expect(new Set(cameras.map((c) => c.id)).size).toBe(16)
    expect(new Set(cameras.map((c) => `${c.lat},${c.lon}`)).size).toBe(16)
    expect(cameras[4]).toMatchObject({
      id: 'cam-tk-phan-chu-trinh-2',
      name: 'Ngã tư Phan Chu Trinh - Hùng Vương (2)',
    })
  })

  it('draws a count line across each carriageway of the traffic clip, a restricted and a crowd zone on the people clip', () => {
    const traffic = cameras.find((c) => c.id === 'cam-tk-phan-chu-trinh')!
    expect(traffic.lines.map((l) => l.id)).toEqual(['westbound', 'eastbound'])
    const people = cameras.find((c) => c.id === 'cam-ha-chua-cau')!
    expect(people.zones.map((z) => z.kind)).toEqual(['restricted', 'crowd'])
    for (const c of cameras) expect(c.zones.length + c.lines.length, c.id).toBeGreaterThan(0)
  })

  it('runs detection on the first four only (2 cores), the others stream without a model', () => {
    expect(detectedCameras).toBe(4)
    expect(cameras.slice(0, 4).map((c) => [c.modelId, c.detectFps])).toEqual(Array(4).fill(['yolox_nano', 5]))
    expect(cameras.slice(4).map((c) => [c.modelId, c.detectFps])).toEqual(Array(12).fill(['none', 1]))
  })

  it('with IOC_SIM_CAMERAS=0 stays up (the demo stops when a part exits) and registers none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ioc-fleet-'))
    const registry = join(dir, 'cameras.json')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/simulator/src/cameras/main.ts', '--registry', registry],
      { cwd: root, env: { ...process.env, IOC_SIM_CAMERAS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let exited: number | null | undefined
    child.once('exit', (code) => (exited = code))
    try {
      const until = Date.now() + 20_000
      while (Date.now() < until && exited === undefined) {
        const text = await readFile(registry, 'utf8').catch(() => null)
        if (text !== null) {
          expect(JSON.parse(text)).toEqual([])
          break
        }
        await new Promise((ok) => setTimeout(ok, 200))
      }
      await new Promise((ok) => setTimeout(ok, 2000))
      expect(exited).toBeUndefined()
    } finally {
      child.kill('SIGTERM')
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
