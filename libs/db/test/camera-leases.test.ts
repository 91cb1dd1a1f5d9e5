import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraCreateSchema } from '@ioc/contracts'
import { CameraLeasesRepository, CamerasRepository, openDatabase, type Database } from '../src/index.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const TTL = 60_000

describe.each(testTargets)('camera leases on $name', (target) => {
  let env: TestDatabase
  let db: Database
  let leases: CameraLeasesRepository
  let cameras: CamerasRepository

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
    leases = new CameraLeasesRepository(db.pool)
    cameras = new CamerasRepository(db.pool)
    for (let i = 0; i < 6; i++)
      await cameras.create(
        cameraCreateSchema.parse({
          id: `cam-${i}`,
          name: `C${i}`,
          kind: 'traffic',
          lat: 15.88,
          lon: 108.33,
          district: 'Hội An',
          rtspUrl: `rtsp://10.0.0.${i}/s`,
        }),
      )
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('gives each camera to one replica of two claiming at once, and none twice', async () => {
    await Promise.all([leases.heartbeat('a'), leases.heartbeat('b')])
    expect(await leases.shares(TTL)).toEqual({ cameras: 6, replicas: 2 })
    const ids = (claimed: { cameraId: string }[]) => claimed.map((c) => c.cameraId)
    const [a, b] = (await Promise.all([leases.claim('a', TTL, 6), leases.claim('b', TTL, 6)])).map(ids) as [
      string[],
      string[],
    ]
    expect([...a, ...b].sort()).toEqual(['cam-0', 'cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5'])
    // held leases are not claimable, and renewing returns what each holds
    expect(await leases.claim('b', TTL, 6)).toEqual([])
    expect((await leases.renew('a', TTL)).sort()).toEqual([...a].sort())
    await leases.leave('a')
    await leases.leave('b')
  })

  it('lets another replica take a lease only once it expired, and then not be renewed by the old holder', async () => {
    expect(await leases.claim('a', 1, 2)).toEqual([
      { cameraId: 'cam-0', previous: null },
      { cameraId: 'cam-1', previous: null },
    ])
    await new Promise((r) => setTimeout(r, 20))
    // a takeover: the claim says whose expired lease it took
    expect(await leases.claim('b', TTL, 1)).toEqual([{ cameraId: 'cam-0', previous: 'a' }])
    // cam-1 expired but nobody took it: its holder may renew it; cam-0 is b's now
    expect(await leases.renew('a', TTL)).toEqual(['cam-1'])
    expect(Object.fromEntries(await leases.holders())).toEqual({ 'cam-0': 'b', 'cam-1': 'a' })
    await leases.release('a', ['cam-1'])
    expect(Object.fromEntries(await leases.holders())).toEqual({ 'cam-0': 'b' })
    await leases.leave('b')
  })

  it('drops the lease of a disabled camera and counts only enabled cameras and fresh replicas', async () => {
    await leases.heartbeat('a')
    expect(await leases.claim('a', TTL, 1)).toEqual([{ cameraId: 'cam-0', previous: null }])
    await cameras.update('cam-0', { enabled: false })
    expect(await leases.renew('a', TTL)).toEqual([])
    expect(await leases.shares(TTL)).toEqual({ cameras: 5, replicas: 1 })
    await new Promise((r) => setTimeout(r, 20))
    expect(await leases.shares(10)).toEqual({ cameras: 5, replicas: 0 })
    await leases.leave('a')
    await cameras.update('cam-0', { enabled: true })
  })
})
