import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cameraCreateSchema, defaultCameraRecording } from '@ioc/contracts'
import { openDatabase, type Database } from '../src/index.js'
import { AlertsRepository } from '../src/repositories/alerts.repository.js'
import { CamerasRepository } from '../src/repositories/cameras.repository.js'
import { RecordingsRepository } from '../src/repositories/recordings.repository.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const keep = { alertClips: true, beforeS: 10, afterS: 20 }
const at = (msAgo: number) => new Date(Date.now() - msAgo)
const day = 86400_000

describe.each(testTargets)('recording segments on $name', (target) => {
  let env: TestDatabase
  let db: Database
  let cameras: CamerasRepository
  let repo: RecordingsRepository
  let alerts: AlertsRepository

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
    cameras = new CamerasRepository(db.pool)
    repo = new RecordingsRepository(db.pool)
    alerts = new AlertsRepository(db.pool)
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  const camera = (id: string, recording?: object) =>
    cameras.create(
      cameraCreateSchema.parse({
        id,
        name: id,
        kind: 'traffic',
        lat: 15.5,
        lon: 108.4,
        district: 'Tam Kỳ',
        rtspUrl: 'rtsp://127.0.0.1:1/x',
        ...(recording ? { recording } : {}),
      }),
    )
  /** A closed segment of 4 s ending `msAgo` ago. */
  const closed = (cameraId: string, name: string, msAgo: number, bytes = 1000) =>
    repo.close({
      cameraId,
      file: `${cameraId}/d/${name}.mp4`,
      startedAt: at(msAgo + 4000),
      endedAt: at(msAgo),
      bytes,
      writer: 'w1',
    })

  it('stores a camera recording off unless told, and changes it', async () => {
    expect((await camera('cam-r0')).recording).toEqual(defaultCameraRecording)
    const recording = { mode: 'continuous', retentionDays: 3, preRollS: 2, postRollS: 4 } as const
    expect((await cameras.update('cam-r0', { recording }))?.recording).toEqual(recording)
    expect((await cameras.listForPipeline()).find((c) => c.id === 'cam-r0')?.recording).toEqual(recording)
  })

  it('opens, closes and discards segments, per run and per writer', async () => {
    const start = {
      cameraId: 'cam-r1',
      file: 'cam-r1/d/100-w1-000000.mp4',
      startedAt: at(10_000),
      writer: 'w1',
    }
    await repo.open(start)
    await repo.open({ ...start, startedAt: at(9000) })
    expect((await repo.openOf('w1')).map((s) => [s.file, s.startedAt.getTime()])).toEqual([
      [start.file, expect.closeTo(Date.now() - 9000, -3)],
    ])
    expect(await repo.openOf('w2')).toEqual([])
    await repo.close({ ...start, startedAt: at(9000), endedAt: at(5000), bytes: 4242 })
    // closed: a late "open" of the same file changes nothing
    await repo.open({ ...start, startedAt: at(1) })
    await repo.discard({ ...start, file: 'cam-r1/d/100-w1-000001.mp4', startedAt: at(5000) }, 'torn')
    const run = await repo.ofRun('cam-r1/d/100-w1-')
    expect(run.map((s) => [s.state, s.bytes, s.reason])).toEqual([
      ['closed', 4242, null],
      ['discarded', 0, 'torn'],
    ])
    expect(run[0]!.endedAt!.getTime() - run[0]!.startedAt.getTime()).toBe(4000)
    expect((await repo.segments('cam-r1', at(60_000), at(0))).map((s) => s.file)).toEqual([start.file])
    expect(await repo.segments('cam-r1', at(4000), at(0))).toEqual([])
    expect((await repo.segments('cam-r1', at(60_000), at(0), ['discarded'])).length).toBe(1)
    expect(await repo.usage()).toMatchObject({ bytes: 4242 })
  })

  it('expires by each camera days, and keeps alert clips only while told to', async () => {
    await camera('cam-r2', { mode: 'continuous', retentionDays: 1, preRollS: 5, postRollS: 10 })
    await closed('cam-r2', 'old', 2 * day)
    await closed('cam-r2', 'alert', 2 * day - 60_000)
    await closed('cam-r2', 'new', 60_000)
    await alerts.raise({
      sourceType: 'camera',
      sourceId: 'cam-r2',
      ruleId: 'r',
      severity: 'major',
      category: 'security',
      subCategory: 'intrusion',
      district: null,
      title: 'người trong vùng cấm',
      description: '',
      at: at(2 * day - 60_000 + 15_000),
      detail: {},
    })
    const names = (segments: { file: string }[]) =>
      segments.filter((s) => s.file.startsWith('cam-r2/')).map((s) => s.file.split('/').pop())
    expect(names(await repo.expired(keep))).toEqual(['old.mp4'])
    expect(names(await repo.expired({ ...keep, alertClips: false }))).toEqual(['old.mp4', 'alert.mp4'])
    expect(names(await repo.oldest(keep))).toEqual(['old.mp4', 'new.mp4'])
    const marks = await repo.marks('cam-r2', at(3 * day), at(0))
    expect(marks.map((m) => [m.kind, m.label])).toEqual([['alert', 'người trong vùng cấm']])
    await repo.markEvents()
    // marked within the last day only: the alert's segment is older
    expect((await repo.segments('cam-r2', at(3 * day), at(0))).map((s) => s.hasEvent)).toEqual([
      false,
      false,
      false,
    ])
  })

  it('around events only: keeps what an event needs with its pre- and post-roll, drops the rest', async () => {
    await camera('cam-r3', { mode: 'events', retentionDays: 7, preRollS: 5, postRollS: 10 })
    await closed('cam-r3', 'quiet', 120_000)
    await closed('cam-r3', 'before-event', 64_000)
    await closed('cam-r3', 'event', 60_000)
    await closed('cam-r3', 'after-event', 52_000)
    await closed('cam-r3', 'fresh', 1000)
    await db.pool.query(
      `insert into detection_events (ts, camera_id, kind, label) values ($1, 'cam-r3', 'person_in_zone', 'person')`,
      [at(62_000)],
    )
    const expired = (await repo.expired(keep)).filter((s) => s.cameraId === 'cam-r3')
    // "fresh" ended within the pre-roll: an event in the next seconds may still need it
    expect(expired.map((s) => s.file.split('/').pop())).toEqual(['quiet.mp4'])
    expect(await repo.markEvents()).toBeGreaterThanOrEqual(1)
    const marked = (await repo.segments('cam-r3', at(3600_000), at(0))).filter((s) => s.hasEvent)
    expect(marked.map((s) => s.file.split('/').pop())).toEqual(['event.mp4'])
    await repo.remove(expired.map((s) => s.id))
    expect((await repo.segments('cam-r3', at(3600_000), at(0))).length).toBe(4)
  })
})
