import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../src/index.js'
import { AlertEvidenceRepository } from '../src/repositories/alert-evidence.repository.js'
import { AlertsRepository } from '../src/repositories/alerts.repository.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const jpeg = (n: number) => Buffer.from([0xff, 0xd8, n, 0xff, 0xd9])

describe.each(testTargets)('alert evidence on $name', (target) => {
  let env: TestDatabase
  let db: Database
  let alerts: AlertsRepository
  let evidence: AlertEvidenceRepository

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
    alerts = new AlertsRepository(db.pool)
    evidence = new AlertEvidenceRepository(db.pool)
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it("keeps the raise's picture and the latest repeat's, as long as the alert exists", async () => {
    const raise = (at: string) =>
      alerts.raise({
        sourceType: 'camera',
        sourceId: 'cam-1',
        ruleId: 'person-in-zone',
        severity: 'critical',
        category: 'security',
        subCategory: 'intrusion',
        district: null,
        title: 'x',
        description: '',
        at: new Date(at),
        detail: {},
      })
    const created = await raise('2026-01-05T01:00:00Z')
    const keep = (kind: 'raised' | 'latest', seq: number, n: number) =>
      evidence.keep({
        alertId: created.alert.id,
        kind,
        seq,
        takenAt: new Date('2026-01-05T01:00:00.500Z'),
        detectedAt: new Date('2026-01-05T01:00:01Z'),
        boxes: [[0.1, 0.2, 0.3, 0.4]],
        jpeg: jpeg(n),
      })
    await keep('raised', created.seq, 1)
    const r1 = await raise('2026-01-05T01:02:00Z')
    const r2 = await raise('2026-01-05T01:04:00Z')
    await keep('latest', r2.seq, 3)
    // a late picture of an earlier repeat never replaces a newer one
    await keep('latest', r1.seq, 2)
    expect(await evidence.list(created.alert.id)).toEqual([
      {
        kind: 'raised',
        seq: created.seq,
        takenAt: '2026-01-05T01:00:00.500Z',
        detectedAt: '2026-01-05T01:00:01.000Z',
        boxes: [[0.1, 0.2, 0.3, 0.4]],
      },
      expect.objectContaining({ kind: 'latest', seq: r2.seq }),
    ])
    expect((await evidence.jpeg(created.alert.id, 'raised'))?.jpeg).toEqual(jpeg(1))
    expect((await evidence.jpeg(created.alert.id, 'latest'))?.jpeg).toEqual(jpeg(3))
    expect(await evidence.jpeg('not-an-id', 'raised')).toBeNull()
    await db.pool.query('delete from alerts where id = $1', [created.alert.id])
    expect(await evidence.list(created.alert.id)).toEqual([])
  })
})
