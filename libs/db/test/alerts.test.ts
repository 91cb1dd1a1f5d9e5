import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Rule } from '@ioc/contracts'
import { openDatabase, type Database } from '../src/index.js'
import {
  AlertInputError,
  AlertNotFoundError,
  AlertsRepository,
  AlertStateError,
  type RaiseInput,
} from '../src/repositories/alerts.repository.js'
import { RuleExistsError, RulesRepository } from '../src/repositories/rules.repository.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
const origin = { ip: '10.0.0.7', userAgent: 'vitest' }

const breach = (over: Partial<RaiseInput> = {}): RaiseInput => ({
  sourceType: 'sensor',
  sourceId: 'aq-tamky-01',
  ruleId: 'pm25-high',
  severity: 'major',
  category: 'environment',
  subCategory: 'airPollution',
  district: 'Tam Kỳ',
  title: 'PM2.5 cao',
  description: 'PM2.5 = 80',
  at: new Date('2026-01-05T01:00:00Z'),
  detail: { value: 80 },
  ...over,
})

const rule: Rule = {
  id: 'pm25-high',
  name: 'PM2.5 > 75 trong 5 phút',
  enabled: true,
  severity: 'major',
  category: 'environment',
  subCategory: 'airPollution',
  target: { deviceKinds: ['air_quality'] },
  kind: 'threshold',
  params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 5 },
}

describe.each(testTargets)('alerts and rules on $name', (target) => {
  let env: TestDatabase
  let db: Database
  let alerts: AlertsRepository
  let rules: RulesRepository

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
    alerts = new AlertsRepository(db.pool)
    rules = new RulesRepository(db.pool)
    await db.pool.query(
      `insert into users (id, username, password_hash, role) values ('u1', 'traffic', 'x', 'traffic')`,
    )
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('keeps one active alert per source and rule, counting repeats', async () => {
    const first = await alerts.raise(breach())
    expect(first.action).toBe('created')
    expect(first.alert).toMatchObject({ count: 1, status: 'active', acknowledged: false, seq: first.seq })
    const again = await alerts.raise(breach({ at: new Date('2026-01-05T01:01:00Z'), detail: { value: 90 } }))
    expect(again.action).toBe('repeated')
    expect(again.alert.id).toBe(first.alert.id)
    expect(again.alert.count).toBe(2)
    expect(again.alert.lastSeen).toBe('2026-01-05T01:01:00.000Z')
    expect(again.alert.firstSeen).toBe('2026-01-05T01:00:00.000Z')
    expect(again.seq).toBeGreaterThan(first.seq)
    // another source is another alert
    const other = await alerts.raise(breach({ sourceId: 'aq-hoian-01' }))
    expect(other.action).toBe('created')
    expect(other.alert.id).not.toBe(first.alert.id)
  })

  it('raiseOnce and clearOnce change nothing for a moment already covered (a redelivered observation)', async () => {
    const key = { sourceType: 'sensor' as const, sourceId: 'aq-once-01', ruleId: 'pm25-once' }
    const at = (m: number) => new Date(Date.UTC(2026, 0, 6, 1, m))
    const once = (m: number) => alerts.raiseOnce(breach({ ...key, at: at(m) }))
    const created = await once(0)
    expect(created?.action).toBe('created')
    expect(await once(0)).toBeNull()
    expect((await once(2))?.alert.count).toBe(2)
    expect(await once(1)).toBeNull()
    // a clear older than the last sighting is stale; a newer one clears
    expect(await alerts.clearOnce(key, at(1), {})).toBeNull()
    expect((await alerts.clearOnce(key, at(3), {}))?.alert.status).toBe('cleared')
    // a moment before the clear was covered by the cleared alert; one after it is a new alert
    expect(await once(2)).toBeNull()
    expect(await once(3)).toBeNull()
    const reopened = await once(4)
    expect(reopened?.action).toBe('created')
    expect(reopened?.alert.id).not.toBe(created?.alert.id)
    const all = await db.pool.query<{ status: string; count: number }>(
      `select status, count from alerts where source_id = $1 order by id`,
      [key.sourceId],
    )
    expect(all.rows.map((a) => [a.status, a.count])).toEqual([
      ['cleared', 2],
      ['active', 1],
    ])
    // the plain raise (operators' tools, tests) still counts every call as a repeat
    expect((await alerts.raise(breach({ ...key, at: at(4) }))).alert.count).toBe(2)
    // a moment before the first sighting, evaluated late by another replica, counts and moves it back
    const late = { ...key, sourceId: 'aq-once-02' }
    await alerts.raiseOnce(breach({ ...late, at: at(10) }))
    const earlier = await alerts.raiseOnce(breach({ ...late, at: at(5) }))
    expect(earlier?.alert).toMatchObject({ count: 2, firstSeen: at(5).toISOString(), lastSeen: at(10).toISOString() })
    expect(await alerts.raiseOnce(breach({ ...late, at: at(5) }))).toBeNull()
  })

  it('clears the active alert and opens a new one when the condition returns', async () => {
    const key = { sourceType: 'sensor' as const, sourceId: 'aq-tamky-01', ruleId: 'pm25-high' }
    const cleared = await alerts.clear(key, new Date('2026-01-05T01:10:00Z'), { value: 60 })
    expect(cleared?.alert).toMatchObject({ status: 'cleared', clearedAt: '2026-01-05T01:10:00.000Z' })
    expect(await alerts.clear(key, new Date(), {})).toBeNull()
    const reopened = await alerts.raise(breach({ at: new Date('2026-01-05T02:00:00Z') }))
    expect(reopened.action).toBe('created')
    expect(reopened.alert.id).not.toBe(cleared?.alert.id)
  })

  it('audits acknowledge, assign, comment and resolve with who and from where', async () => {
    const { alert } = await alerts.raise(breach({ sourceId: 'cam-01', sourceType: 'camera', ruleId: 'r2' }))
    const who = { username: 'operator', origin }
    const ack = await alerts.acknowledge(alert.id, who)
    expect(ack.alert).toMatchObject({ acknowledged: true, ackBy: 'operator' })
    await expect(alerts.acknowledge(alert.id, who)).rejects.toBeInstanceOf(AlertStateError)
    await expect(alerts.assign(alert.id, 'nobody', who)).rejects.toBeInstanceOf(AlertInputError)
    const assigned = await alerts.assign(alert.id, 'traffic', who)
    expect(assigned.alert.assignee).toBe('traffic')
    await alerts.comment(alert.id, 'Đã cử người kiểm tra', who)
    const resolved = await alerts.resolve(alert.id, 'xong', who)
    expect(resolved.alert.status).toBe('cleared')
    await expect(alerts.resolve(alert.id, undefined, who)).rejects.toBeInstanceOf(AlertStateError)
    await expect(alerts.acknowledge('999999', who)).rejects.toBeInstanceOf(AlertNotFoundError)
    await expect(alerts.acknowledge('not-a-number', who)).rejects.toBeInstanceOf(AlertNotFoundError)

    const events = await alerts.events(alert.id)
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'system'],
      ['acknowledged', 'operator'],
      ['assigned', 'operator'],
      ['commented', 'operator'],
      ['resolved', 'operator'],
    ])
    expect(events[0]!.from).toBeNull()
    expect(events[1]!.from).toEqual(origin)
    expect(events[2]!.detail).toEqual({ assignee: 'traffic', previous: null })
    expect(events[3]!.detail).toEqual({ text: 'Đã cử người kiểm tra' })
    expect(events[4]!.detail).toEqual({ note: 'xong' })
    // every change took a larger number, and the alert carries its latest
    const seqs = events.map((e) => e.seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    expect(resolved.alert.seq).toBe(seqs.at(-1))
  })

  it('numbers concurrent changes without gaps in what readers see', async () => {
    const before = await alerts.latestSeq()
    const changes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        alerts.raise(breach({ sourceId: `dev-${i % 5}`, ruleId: 'burst' })),
      ),
    )
    const seqs = changes.map((c) => c.seq).sort((a, b) => a - b)
    expect(new Set(seqs).size).toBe(20)
    expect(seqs[0]).toBeGreaterThan(before)
    const missed = await alerts.since(before, 100)
    expect(missed.complete).toBe(true)
    expect(missed.alerts).toHaveLength(5)
    expect(missed.seq).toBe(seqs.at(-1))
    expect(missed.alerts.map((a) => a.count).sort()).toEqual([4, 4, 4, 4, 4])
    const partial = await alerts.since(before, 2)
    expect(partial.complete).toBe(false)
    expect(partial.alerts).toHaveLength(2)
  })

  it('lists by status, severity, category, district and sinceSeq', async () => {
    await alerts.raise(
      breach({
        sourceId: 'cam-hoian',
        ruleId: 'intrusion',
        category: 'security',
        district: 'Hội An',
        severity: 'critical',
      }),
    )
    const security = await alerts.list({ category: ['security'], limit: 100 })
    expect(security.items.map((a) => a.ruleId)).toEqual(['intrusion'])
    const critical = await alerts.list({ severity: ['critical'], status: ['active'], limit: 100 })
    expect(critical.items).toHaveLength(1)
    const scoped = await alerts.list({ limit: 500 }, { district: 'Hội An' })
    expect(scoped.items.every((a) => a.district === 'Hội An' || a.district === null)).toBe(true)
    const all = await alerts.list({ limit: 500 })
    expect(all.seq).toBe(await alerts.latestSeq())
    expect(all.items[0]!.seq).toBe(all.seq)
    const after = await alerts.list({ sinceSeq: all.seq - 1, limit: 10 })
    expect(after.items.map((a) => a.seq)).toEqual([all.seq])
  })

  it('pages back in time with beforeSeq, newest first', async () => {
    const all = await alerts.list({ limit: 1000 })
    const seqs = all.items.map((a) => a.seq)
    const first = await alerts.list({ limit: 2 })
    const next = await alerts.list({ beforeSeq: first.items.at(-1)!.seq, limit: 2 })
    expect([...first.items, ...next.items].map((a) => a.seq)).toEqual(seqs.slice(0, 4))
    expect((await alerts.list({ beforeSeq: Math.min(...seqs), limit: 10 })).items).toEqual([])
  })

  it('computes mean time to acknowledge and to resolve from the audit trail', async () => {
    const from = '2030-01-01T00:00:00Z'
    const at = new Date(Date.now() - 600_000)
    const a = await alerts.raise(breach({ sourceId: 'mtta-1', ruleId: 'mtta', at }))
    const b = await alerts.raise(breach({ sourceId: 'mtta-2', ruleId: 'mtta', at }))
    const who = { username: 'operator', origin: null }
    await alerts.acknowledge(a.alert.id, who)
    await alerts.resolve(b.alert.id, undefined, who)
    // both were first seen 600 s ago; the acknowledgement and the resolution happened just now
    const stats = await alerts.stats({ from: new Date(at.getTime() - 1000).toISOString() })
    expect(stats.total).toBe(2)
    expect(stats.acknowledged).toBe(1)
    expect(stats.resolved).toBe(1)
    expect(stats.meanTimeToAcknowledgeSeconds).toBeGreaterThanOrEqual(599)
    expect(stats.meanTimeToAcknowledgeSeconds).toBeLessThan(660)
    expect(stats.meanTimeToResolveSeconds).toBeGreaterThanOrEqual(599)
    const empty = await alerts.stats({ from })
    expect(empty).toMatchObject({
      total: 0,
      meanTimeToAcknowledgeSeconds: null,
      meanTimeToResolveSeconds: null,
    })
    expect(empty.activeBySeverity.critical).toBe(1)
  })

  it('stores rules, refuses duplicate ids, reports invalid rows and changes its version', async () => {
    const v0 = await rules.version()
    await rules.create(rule)
    await expect(rules.create(rule)).rejects.toBeInstanceOf(RuleExistsError)
    const v1 = await rules.version()
    expect(v1).not.toBe(v0)
    expect(await rules.get('pm25-high')).toEqual(rule)
    await new Promise((r) => setTimeout(r, 5))
    expect(await rules.replace({ ...rule, enabled: false })).toBe(true)
    const v2 = await rules.version()
    expect(v2).not.toBe(v1)
    expect(await rules.createMissing([rule, { ...rule, id: 'pm25-other' }])).toEqual(['pm25-other'])
    await db.pool.query(
      `insert into rules (id, name, kind, severity, category, params) values ('broken', 'x', 'threshold', 'major', 'environment', '{"op":"gt"}')`,
    )
    const loaded = await rules.load()
    expect(loaded.rules.map((r) => r.id)).toEqual(['pm25-high', 'pm25-other'])
    expect(loaded.rules[0]!.enabled).toBe(false)
    expect(loaded.invalid.map((r) => r.id)).toEqual(['broken'])
    expect(loaded.invalid[0]!.message).toMatch(/params/)
    expect(await rules.delete('broken')).toBe(true)
    expect(await rules.delete('broken')).toBe(false)
    expect(await rules.version()).not.toBe(v2)
  })
})
