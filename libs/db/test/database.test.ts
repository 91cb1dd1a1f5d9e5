import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadLetterSchema } from '@ioc/contracts'
import { migrate, openDatabase, runMaintenance, type Database } from '../src/index.js'
import { loadMigrations } from '../src/migrate.js'
import { testTargets, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }
// Two days ago at midnight UTC: recent enough that retention keeps it, whatever today is.
const t0 = Math.floor(Date.now() / 86400_000) * 86400_000 - 2 * 86400_000

// Three hours of readings every 10 s, integer values so that sums are exact on every path.
const readings = Array.from({ length: 3 * 360 }, (_, i) => ({
  ts: new Date(t0 + i * 10_000),
  deviceId: 'aq-tamky-01',
  metric: 'pm25',
  value: (i * 7) % 13,
}))

/** The answer computed here, independently of any SQL. */
function expectedBuckets(bucketS: number, from: number, to: number) {
  const ms = bucketS * 1000
  const lo = Math.floor(from / ms) * ms
  const hi = Math.ceil(to / ms) * ms
  const groups = new Map<number, number[]>()
  for (const r of readings) {
    const t = r.ts.getTime()
    if (t < lo || t >= hi) continue
    const b = Math.floor(t / ms) * ms
    groups.set(b, [...(groups.get(b) ?? []), r.value])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([b, v]) => ({
      bucket: new Date(b),
      avg: v.reduce((s, x) => s + x, 0) / v.length,
      min: Math.min(...v),
      max: Math.max(...v),
      count: v.length,
    }))
}

describe.each(testTargets)('storage on $name', (target) => {
  let env: TestDatabase
  let db: Database

  beforeAll(async () => {
    env = await target.create()
    db = await openDatabase({ url: env.url, policy })
  }, 60_000)

  afterAll(async () => {
    await db?.close()
    await env?.dispose()
  })

  it('detects the dialect', () => {
    expect(db.dialect).toBe(target.expectedDialect)
  })

  it('records migrations and applies nothing the second time', async () => {
    const rows = await db.pool.query('select name, dialect from ioc_migrations order by version')
    // every file of migrations/ for the dialect, in order, from the first schema to the latest
    const files = (await loadMigrations(db.dialect)).map((m) => m.name)
    expect(files.slice(0, 2)).toEqual(['0001_core', '0002_timeseries'])
    expect(files.length).toBeGreaterThanOrEqual(14)
    expect(rows.rows.map((r) => r.name)).toEqual(files)
    expect(rows.rows.every((r) => r.dialect === target.expectedDialect)).toBe(true)
    expect(await migrate(db.pool, db.dialect)).toEqual([])
  })

  it('has every table of the schema', async () => {
    const result = await db.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    )
    const tables = result.rows.map((r) => r.table_name)
    for (const t of [
      'users',
      'devices',
      'sensor_readings',
      'cameras',
      'camera_health',
      'detection_counts',
      'detection_events',
      'alerts',
      'alert_events',
      'alert_evidence',
      'alert_webhook_deliveries',
      'rules',
      'kpis',
      'kpi_values',
      'dead_letters',
    ]) {
      expect(tables).toContain(t)
    }
  })

  it('stores a batch once, however often it is delivered', async () => {
    expect(await db.readings.insertBatch(readings)).toBe(readings.length)
    expect(await db.readings.insertBatch(readings.slice(0, 100))).toBe(0)
    expect(await db.readings.count()).toBe(readings.length)
  })

  it.each([
    ['1m', 60],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
  ] as const)('answers history in %s buckets exactly', async (bucket, seconds) => {
    const from = new Date(t0 + 25 * 60_000 + 7_000)
    const to = new Date(t0 + 150 * 60_000 + 3_000)
    const got = await db.readings.history('aq-tamky-01', 'pm25', { from, to }, bucket)
    expect(got).toEqual(expectedBuckets(seconds, from.getTime(), to.getTime()))
  })

  it('gives the same answers after the aggregates are materialised', async () => {
    await runMaintenance(db.pool, db.dialect, policy, { full: true })
    const range = { from: new Date(t0), to: new Date(t0 + 3 * 3600_000) }
    expect(await db.readings.history('aq-tamky-01', 'pm25', range, '15m')).toEqual(
      expectedBuckets(900, range.from.getTime(), range.to.getTime()),
    )
    expect(await db.readings.history('aq-tamky-01', 'pm25', range, '1h')).toEqual(
      expectedBuckets(3600, range.from.getTime(), range.to.getTime()),
    )
  })

  it('sums detection counts per bucket, label and direction', async () => {
    const base = t0 + 3600_000
    await db.counts.addBatch([
      { ts: new Date(base), cameraId: 'cam-1', label: 'car', direction: 'in', count: 3 },
      { ts: new Date(base), cameraId: 'cam-1', label: 'car', direction: 'in', count: 2 },
      { ts: new Date(base + 60_000), cameraId: 'cam-1', label: 'car', direction: 'out', count: 4 },
      { ts: new Date(base + 120_000), cameraId: 'cam-1', label: 'motorcycle', direction: 'in', count: 9 },
      { ts: new Date(base + 120_000), cameraId: 'cam-2', label: 'car', direction: 'in', count: 100 },
    ])
    const range = { from: new Date(base), to: new Date(base + 600_000) }
    expect(await db.counts.history('cam-1', range, '5m')).toEqual([
      { bucket: new Date(base), label: 'car', direction: 'in', count: 5 },
      { bucket: new Date(base), label: 'car', direction: 'out', count: 4 },
      { bucket: new Date(base), label: 'motorcycle', direction: 'in', count: 9 },
    ])
    expect(await db.counts.history('cam-1', range, '1m')).toHaveLength(3)
  })

  it('keeps dead letters with their reason and a bounded payload', async () => {
    await db.deadLetters.insertBatch([
      {
        topic: 'ioc/v1/sensors/x/readings',
        reason: 'bad_json',
        detail: 'Unexpected token',
        payload: Buffer.from('{oops\n'),
      },
      {
        topic: 'ioc/v1/sensors/y/readings',
        reason: 'too_large',
        detail: '9000 bytes',
        payload: Buffer.alloc(9000, 65),
      },
    ])
    const letters = await db.deadLetters.list()
    expect(letters).toHaveLength(2)
    const bad = letters.find((l) => l.reason === 'bad_json')!
    expect(deadLetterSchema.parse({ ...bad, payloadSize: undefined })).toMatchObject({
      payloadPreview: '{oops ',
    })
    const large = letters.find((l) => l.reason === 'too_large')!
    expect(large.payloadSize).toBe(9000)
    expect(large.payloadPreview).toBe(`${'A'.repeat(1999)}…`)
    const stored = await db.pool.query(`select max(octet_length(payload))::int as n from dead_letters`)
    expect(stored.rows[0].n).toBe(4096)
    expect(await db.deadLetters.countByReason()).toEqual({ bad_json: 1, too_large: 1 })
  })

  it('upserts devices and moves last seen forward only', async () => {
    const device = {
      id: 'wl-hoian-01',
      kind: 'water_level',
      name: 'Sông Hoài',
      lat: 15.877,
      lon: 108.327,
      district: 'Hội An',
      metrics: ['water_level_cm'],
    }
    await db.devices.upsert(device, 'hash-1')
    await db.devices.upsert({ ...device, name: 'Sông Hoài (cầu An Hội)' }, null)
    expect(await db.devices.passwordHash(device.id)).toBe('hash-1')
    const late = new Date(t0 + 10 * 3600_000)
    await db.devices.markSeen(new Map([[device.id, late]]))
    await db.devices.markSeen(new Map([[device.id, new Date(t0 + 9 * 3600_000)]]))
    const stored = await db.devices.get(device.id)
    expect(stored).toMatchObject({ name: 'Sông Hoài (cầu An Hội)', lastSeen: late, online: true })
  })

  it('announces each liveness transition once: online when heard, offline after silence', async () => {
    const base = { kind: 'noise', name: 'Ồn', lat: null, lon: null, district: null, metrics: ['noise_db'] }
    await db.devices.upsert({ ...base, id: 'live-a' }, null)
    await db.devices.upsert({ ...base, id: 'live-b' }, null)
    const heard = new Date(t0)
    const first = await db.devices.markSeen(
      new Map([
        ['live-a', heard],
        ['live-b', heard],
      ]),
    )
    expect(first.map((d) => d.id).sort()).toEqual(['live-a', 'live-b'])
    // already online: no second announcement
    expect(await db.devices.markSeen(new Map([['live-a', new Date(t0 + 60_000)]]))).toEqual([])
    const offline = await db.devices.markSilentOffline(new Date(t0 + 30_000))
    expect(offline).toEqual([{ id: 'live-b', lastSeen: heard }])
    expect(await db.devices.markSilentOffline(new Date(t0 + 30_000))).toEqual([])
    expect((await db.devices.get('live-b'))?.online).toBe(false)
    expect(await db.devices.markSeen(new Map([['live-b', new Date(t0 + 90_000)]]))).toEqual([
      { id: 'live-b', lastSeen: new Date(t0 + 90_000) },
    ])
  })

  it('registers announced devices without touching known ones', async () => {
    const base = { lat: null, lon: null, district: null }
    await db.devices.upsert(
      { ...base, id: 'reg-1', kind: 'weather', name: 'Trạm', metrics: ['temperature_c'] },
      null,
    )
    await db.devices.registerUnknown([
      { ...base, id: 'reg-1', kind: 'noise', name: 'reg-1', metrics: ['noise_db'] },
      { ...base, id: 'reg-2', kind: 'noise', name: 'reg-2', metrics: ['noise_db'] },
    ])
    expect((await db.devices.get('reg-1'))?.name).toBe('Trạm')
    expect(await db.devices.get('reg-2')).toMatchObject({
      kind: 'noise',
      metrics: ['noise_db'],
      online: false,
    })
    expect(await db.devices.ids()).toEqual(expect.arrayContaining(['reg-1', 'reg-2']))
  })

  it('drops raw rows older than the retention', async () => {
    const old = new Date(Date.now() - 200 * 86400_000)
    const recent = new Date(Date.now() - 3600_000)
    await db.readings.insertBatch([
      { ts: old, deviceId: 'noise-01', metric: 'noise_db', value: 60 },
      { ts: recent, deviceId: 'noise-01', metric: 'noise_db', value: 61 },
    ])
    await runMaintenance(db.pool, db.dialect, policy)
    const left = await db.readings.latest('noise-01')
    expect(left.map((r) => r.value)).toEqual([61])
    const all = await db.pool.query(
      `select count(*)::int as n from sensor_readings where device_id = 'noise-01'`,
    )
    expect(all.rows[0].n).toBe(1)
  })
})
