// "Test connection" of the admin's camera form against a real simulated camera (GStreamer RTSP
// server with basic auth, apps/simulator serve-one): wrong credentials say auth_failed, the right
// ones give a JPEG, and a closed port, a wrong path and a silent server say refused, not_found
// and timeout, each within the 10 s the form waits.
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraTestResultSchema, type CameraTestBodyInput, type CameraTestResult } from '@ioc/contracts'
import { freePort, testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'
import { repoRoot, startProcess, stopProcess, waitFor, type Proc } from './support/processes.js'

const password = `Cam-${randomBytes(6).toString('hex')}`

describe('camera test connection', () => {
  let api: TestApi
  let camera: Proc
  let port: number
  let silent: Server
  let silentPort: number

  const test = async (body: CameraTestBodyInput): Promise<{ result: CameraTestResult; ms: number }> => {
    const started = Date.now()
    const res = await api.request('/cameras/test-connection', { as: 'admin', method: 'POST', body })
    const text = await res.text()
    expect(res.status, text).toBe(200)
    expect(text, 'the password is never answered').not.toContain(password)
    const result = parseAnswer(cameraTestResultSchema, JSON.parse(text))
    const ms = Date.now() - started
    console.log(`test-connection ${result.ok ? 'snapshot' : result.reason}: ${ms} ms`)
    return { result, ms }
  }

  beforeAll(async () => {
    port = await freePort()
    camera = startProcess([
      'apps/simulator/src/cameras/serve-one.ts',
      '--clip',
      join(repoRoot, '../shared/media/traffic.mp4'),
      ...['--port', String(port), '--user', 'admin', '--password', password],
    ])
    // a server that takes the connection and never says a word
    silent = createServer(() => {})
    silentPort = await freePort()
    await new Promise<void>((ok) => silent.listen(silentPort, '127.0.0.1', ok))
    api = await startTestApi(testTargets.find((t) => t.name === 'postgres')!)
    await waitFor(
      'the simulated camera',
      async () => camera.output.some((l) => l.includes('"ready"')),
      60_000,
    )
  }, 90_000)
  afterAll(async () => {
    await stopProcess(camera)
    silent?.close()
    await api?.close()
  })

  it('says auth_failed for a wrong password, then gives a snapshot with the right one', async () => {
    const url = `rtsp://127.0.0.1:${port}/stream`
    const wrong = await test({ rtspUrl: url, username: 'admin', password: 'not-the-password' })
    expect(wrong.result).toMatchObject({ ok: false, reason: 'auth_failed' })
    expect(wrong.ms).toBeLessThan(10_000)

    const right = await test({ rtspUrl: url, username: 'admin', password })
    expect(right.result.ok, JSON.stringify(right.result).slice(0, 300)).toBe(true)
    if (!right.result.ok) return
    const jpeg = Buffer.from(right.result.jpeg, 'base64')
    expect(jpeg.readUInt16BE(0)).toBe(0xffd8) // JPEG start of image
    expect(jpeg.length).toBeGreaterThan(5_000)
    expect(right.result.transport).toBe('tcp')
    expect(right.ms).toBeLessThan(10_000)
  })

  it('says not_found for a wrong path, refused for a closed port, timeout for a silent server', async () => {
    const path = await test({ rtspUrl: `rtsp://127.0.0.1:${port}/nothing`, username: 'admin', password })
    expect(path.result).toMatchObject({ ok: false, reason: 'not_found' })

    const closed = await test({ rtspUrl: `rtsp://127.0.0.1:${await freePort()}/stream` })
    expect(closed.result).toMatchObject({ ok: false, reason: 'refused' })

    const quiet = await test({ rtspUrl: `rtsp://127.0.0.1:${silentPort}/stream`, transport: 'tcp' })
    expect(quiet.result).toMatchObject({ ok: false, reason: 'timeout' })
    expect(quiet.ms).toBeLessThan(10_500)
  }, 30_000)

  it('tests a stored camera with its stored credentials, and refuses a body without a URL', async () => {
    const id = `cam-conn-${randomBytes(3).toString('hex')}`
    const created = await api.request('/cameras', {
      as: 'admin',
      method: 'POST',
      body: {
        id,
        name: 'Camera test connection',
        kind: 'traffic',
        lat: 15.57,
        lon: 108.47,
        district: 'Tam Kỳ',
        rtspUrl: `rtsp://127.0.0.1:${port}/stream`,
        username: 'admin',
        password,
        enabled: false,
      },
    })
    expect(created.status).toBe(201)
    expect((await test({ cameraId: id })).result.ok).toBe(true)
    expect((await test({ cameraId: id, password: 'wrong-one' })).result).toMatchObject({
      reason: 'auth_failed',
    })
    const bad = await api.request('/cameras/test-connection', { as: 'admin', method: 'POST', body: {} })
    expect(bad.status).toBe(400)
  }, 30_000)
})
