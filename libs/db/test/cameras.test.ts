import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraCreateSchema } from '@ioc/contracts'
import { CameraExistsError, CamerasRepository, openDatabase, type Database } from '../src/index.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const SECRET = 'Pw-9f3!kq'

const hoiAn = cameraCreateSchema.parse({
  id: 'cam-ha-chua-cau',
  name: 'Chùa Cầu',
  kind: 'security',
  lat: 15.8771,
  lon: 108.3262,
  district: 'Hội An',
  rtspUrl: `rtsp://admin:${encodeURIComponent(SECRET)}@10.0.0.5:554/stream1?channel=1`,
})

describe.each(testTargets)('camera registry on $name', (target) => {
  let env: TestDatabase
  let db: Database
  let cameras: CamerasRepository

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
    cameras = new CamerasRepository(db.pool)
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('stores credentials apart and never returns them on public reads', async () => {
    const created = await cameras.create(hoiAn)
    expect(created.rtspUrlRedacted).toBe('rtsp://10.0.0.5:554/stream1?channel=1')
    expect(created.detectFps).toBe(5)
    for (const answer of [created, await cameras.get(hoiAn.id), await cameras.list()])
      expect(JSON.stringify(answer)).not.toContain(SECRET)
    const [pipeline] = await cameras.listForPipeline()
    expect(pipeline).toMatchObject({
      rtspUrl: 'rtsp://10.0.0.5:554/stream1?channel=1',
      username: 'admin',
      password: SECRET,
    })
    await expect(cameras.create(hoiAn)).rejects.toBeInstanceOf(CameraExistsError)
  })

  it('applies a change to the given fields only and moves the change stamp', async () => {
    const before = await cameras.changeStamp()
    const changed = await cameras.update(hoiAn.id, { detectFps: 2, password: 'new-one' })
    expect(changed).toMatchObject({ detectFps: 2, name: 'Chùa Cầu', transport: 'auto' })
    expect(await cameras.changeStamp()).not.toBe(before)
    expect((await cameras.listForPipeline())[0]).toMatchObject({ username: 'admin', password: 'new-one' })
    await cameras.update(hoiAn.id, { password: null })
    expect((await cameras.listForPipeline())[0]?.password).toBeNull()
    expect(await cameras.update('cam-nope', { name: 'x' })).toBeNull()
  })

  it('upserts the demo registration and sees removals in the stamp', async () => {
    await cameras.upsert({ ...hoiAn, name: 'Chùa Cầu (Hội An)', enabled: false })
    expect(await cameras.get(hoiAn.id)).toMatchObject({ name: 'Chùa Cầu (Hội An)', enabled: false })
    const before = await cameras.changeStamp()
    expect(await cameras.remove(hoiAn.id)).toBe(true)
    expect(await cameras.changeStamp()).not.toBe(before)
    expect(await cameras.list()).toEqual([])
  })

  it('records health rows and reads the latest back', async () => {
    const base = { cameraId: 'cam-x', fpsIn: 25, fpsOut: 5, bitrateKbps: 812.5, restarts: 0 }
    await cameras.insertHealth([
      {
        ...base,
        ts: '2026-01-01T00:00:00.000Z',
        state: 'connecting',
        reason: null,
        width: null,
        height: null,
        lastFrameAt: null,
      },
      {
        ...base,
        ts: '2026-01-01T00:00:05.000Z',
        state: 'offline',
        reason: 'refused',
        detail: 'Connection refused',
        width: 640,
        height: 360,
        lastFrameAt: '2026-01-01T00:00:04.000Z',
        restarts: 2,
      },
    ])
    expect(await cameras.latestHealth('cam-x')).toEqual({
      ...base,
      ts: '2026-01-01T00:00:05.000Z',
      state: 'offline',
      reason: 'refused',
      detail: 'Connection refused',
      width: 640,
      height: 360,
      lastFrameAt: '2026-01-01T00:00:04.000Z',
      restarts: 2,
    })
    expect(await cameras.latestHealth('cam-none')).toBeNull()
  })
})
