// Retention against a real database and real files: a small budget takes the oldest first and
// keeps an alert's clip; a free-disk floor that cannot be kept stops recording.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alertClipWindow, cameraCreateSchema } from '@ioc/contracts'
import {
  AlertsRepository,
  CamerasRepository,
  DirectoryRecordingStorage,
  openDatabase,
  RecordingsRepository,
  type Database,
} from '@ioc/db'
import { testTargets, type TestDatabase } from '@ioc/db/testing'
import { RecordingRetention } from '../src/recordings/retention.js'

const target = testTargets.find((t) => t.name === 'postgres')!
const SEGMENT_BYTES = 100_000

describe('recordings retention', () => {
  let env: TestDatabase
  let db: Database
  let repo: RecordingsRepository
  let storage: DirectoryRecordingStorage
  let dir: string
  const names: string[] = []
  const now = Date.now()
  const cam = 'cam-retention'

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy: { retentionDays: 90, compressAfterDays: 7 } })
    repo = new RecordingsRepository(db.pool)
    dir = await mkdtemp(join(tmpdir(), 'ioc-retention-'))
    storage = new DirectoryRecordingStorage(dir)
    await new CamerasRepository(db.pool).create(
      cameraCreateSchema.parse({
        id: cam,
        name: cam,
        kind: 'security',
        lat: 15.5,
        lon: 108.4,
        district: 'Hội An',
        rtspUrl: 'rtsp://127.0.0.1:1/x',
        recording: { mode: 'continuous', retentionDays: 30, preRollS: 5, postRollS: 10 },
      }),
    )
    // ten segments of 4 s, an hour ago, oldest first
    await storage.prepare(`${cam}/d`)
    for (let i = 0; i < 10; i++) {
      const file = `${cam}/d/1-w-${String(i).padStart(6, '0')}.mp4`
      names.push(file)
      await writeFile(storage.path(file), Buffer.alloc(SEGMENT_BYTES, i))
      const startedAt = new Date(now - 3600_000 + i * 4000)
      await repo.close({
        cameraId: cam,
        file,
        startedAt,
        endedAt: new Date(startedAt.getTime() + 4000),
        bytes: SEGMENT_BYTES,
        writer: 'w',
      })
    }
    // an alert during the second segment: its clip window covers segments 0-6 (10 s before, 20 s after)
    await new AlertsRepository(db.pool).raise({
      sourceType: 'camera',
      sourceId: cam,
      ruleId: 'person-in-zone',
      severity: 'critical',
      category: 'security',
      subCategory: 'intrusion',
      district: 'Hội An',
      title: 'x',
      description: '',
      at: new Date(now - 3600_000 + 5000),
      detail: {},
    })
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const onDisk = async () => {
    const present: string[] = []
    for (const file of names) if ((await storage.size(file)) !== null) present.push(file)
    return present
  }
  const indexed = async () =>
    (await repo.segments(cam, new Date(0), new Date(now + 60_000))).map((s) => s.file)
  const keep = { alertClips: true, ...alertClipWindow }

  it('over a small budget, the oldest go first and the alert clip stays; index and disk agree', async () => {
    const logs: string[] = []
    const retention = new RecordingRetention({
      repo,
      storage,
      keep,
      budgetBytes: 2.5 * SEGMENT_BYTES,
      minFreeBytes: 1,
      log: (line) => logs.push(line),
    })
    const result = await retention.sweep()
    // segments 0-6 hold the alert's clip (its raise at +5 s: -5 s to +25 s); 7, 8, 9 are free to go
    // and the oldest of them go until 2.5 segments' budget... which the kept clip alone exceeds
    expect(result.overBudget).toBe(3)
    expect(await onDisk()).toEqual(names.slice(0, 7))
    expect(await indexed()).toEqual(names.slice(0, 7))
    expect(result.suspended).toBe(false)
    expect(logs).toEqual([])
  })

  it('with the alert clip no longer kept, the budget takes the oldest first', async () => {
    const retention = new RecordingRetention({
      repo,
      storage,
      keep: { ...keep, alertClips: false },
      budgetBytes: 2.5 * SEGMENT_BYTES,
      minFreeBytes: 1,
      log: () => {},
    })
    expect((await retention.sweep()).overBudget).toBe(5)
    expect(await onDisk()).toEqual(names.slice(5, 7))
    expect(await indexed()).toEqual(names.slice(5, 7))
  })

  it('stops recording when the free-disk floor cannot be kept, and says so', async () => {
    const { freeBytes } = await storage.space()
    const logs: string[] = []
    const retention = new RecordingRetention({
      repo,
      storage,
      keep,
      budgetBytes: 1e12,
      minFreeBytes: freeBytes * 2,
      log: (line) => logs.push(line),
    })
    const result = await retention.sweep()
    expect(result.suspended).toBe(true)
    expect(retention.suspended).toBe(true)
    // what the alert needs stays, even for room
    expect(await onDisk()).toEqual(names.slice(5, 7))
    expect(logs.join('\n')).toMatch(/recordings: stopped, \d+ MB free/)
  })
})
