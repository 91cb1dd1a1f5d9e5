// The hand-written fast path of the sensor payload (libs/contracts sensor-payload-fast-path.ts)
// against the zod schema it stands in for, on the fuzz corpus of sensor-faults.test.ts and on
// near-valid payloads built here: whenever the fast path accepts a payload, the schema accepts it
// too and returns the same readings. Everything after this step of parseSensorPayload is shared,
// so equal readings here mean equal results (and equal dead letters: rejections go to the schema).
import { describe, expect, it } from 'vitest'
import {
  readingsOfCommonShape,
  sensorReadingBatchSchema,
  sensorReadingSchema,
  SENSOR_MAX_READINGS,
} from '@ioc/contracts'
import { fuzzPayloads } from './support/fuzz-payloads.js'

function bySchema(json: unknown): Reading[] | null {
  const parsed = Array.isArray(json)
    ? sensorReadingBatchSchema.safeParse(json)
    : sensorReadingSchema.safeParse(json)
  if (!parsed.success) return null
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data]
}

interface Reading {
  ts?: unknown
  values: Record<string, unknown>
}

/** Same readings for the caller: same times, same metrics in the same order, same values (-0 too). */
function sameReadings(a: readonly Reading[], b: readonly Reading[]): boolean {
  if (a.length !== b.length) return false
  return a.every((r, i) => {
    const other = b[i]!
    const x = Object.entries(r.values)
    const y = Object.entries(other.values)
    return (
      Object.is(r.ts, other.ts) &&
      x.length === y.length &&
      x.every(([k, v], j) => k === y[j]![0] && Object.is(v, y[j]![1]))
    )
  })
}

function parseJson(text: string): { json: unknown } | null {
  try {
    return { json: JSON.parse(text) }
  } catch {
    return null
  }
}

function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

// Each part of a reading drawn from valid values and from the ones next to them that the schema
// refuses or treats differently (no seconds, a lower-case z, -0, a key the schema strips, ...).
function nearValidPayloads(count: number, seed: number): string[] {
  const rnd = prng(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
  const times: unknown[] = [
    undefined,
    1748736000000,
    1748736000000.5,
    -1,
    0,
    1e308,
    '2025-06-01T00:00:00Z',
    '2025-06-01T00:00:00.123Z',
    '2025-06-01T00:00:00.123456789Z',
    '2025-06-01T07:00:00+07:00',
    '2025-06-01T07:00:00-23:59',
    '2025-06-01T07:00:00+24:00',
    '2025-06-01T07:00:00+0700',
    '2025-06-01T00:00Z',
    '2025-06-01T00:00:00z',
    '2025-06-01 00:00:00Z',
    '2025-06-01T24:00:00Z',
    '2025-02-30T00:00:00Z',
    '2025-06-01',
    '',
    null,
    true,
    [1],
    { ms: 1 },
  ]
  const names = ['pm25', 'pm10', 'water_level_cm', 'constructor', 'toString', 'a', 'x'.repeat(64)]
  const badNames = ['PM25', 'pm-25', '1abc', '', 'x'.repeat(65), '__proto__', '0', 'pm 25']
  const values: unknown[] = [0, -0, 41.2, -3, 1e308, 5e-324, '12', null, true, [], {}]
  const reading = (): Record<string, unknown> => {
    const metrics: Record<string, unknown> = {}
    const n = pick([1, 1, 2, 3, 64, 65, 0])
    for (let k = 0; k < n; k++) {
      const name = rnd() < 0.97 ? (n > 3 ? `m${k}` : pick(names)) : pick(badNames)
      metrics[name] = rnd() < 0.9 ? Math.round(rnd() * 1e4) / 10 : pick(values)
    }
    const r: Record<string, unknown> = { values: rnd() < 0.97 ? metrics : pick(values) }
    const ts = pick(times)
    if (ts !== undefined) r.ts = ts
    if (rnd() < 0.03) r.extra = 'stripped by the schema'
    if (rnd() < 0.02) delete r.values
    return r
  }
  return Array.from({ length: count }, () => {
    const shape = int(10)
    if (shape === 0) return JSON.stringify(reading())
    // the bounds on the length of a batch, with one cheap reading repeated
    if (shape === 1)
      return JSON.stringify(Array(pick([0, SENSOR_MAX_READINGS, 1001])).fill({ values: { pm25: 1 } }))
    if (shape === 2) return `{"values":{"__proto__":1,"pm25":${int(100)}}}`
    if (shape === 3) return `{"values":{"pm25":1,"pm25":${int(100)}},"ts":${1748736000000 + int(1000)}}`
    return JSON.stringify(Array.from({ length: 1 + int(20) }, reading))
  })
}

describe('sensor payload fast path', () => {
  const corpus = [
    ...fuzzPayloads(10_000, 20261123).map((m) => m.payload.toString('utf8')),
    ...nearValidPayloads(3_000, 7),
  ]

  it('accepts only what the schema accepts, with the same readings', () => {
    const disagreements: { payload: string; fast: unknown; schema: unknown }[] = []
    let fast = 0
    let schemaOnly = 0
    for (const payload of corpus) {
      const parsed = parseJson(payload)
      if (!parsed) continue
      const quick = readingsOfCommonShape(parsed.json)
      const full = bySchema(parsed.json)
      if (quick === null) {
        if (full !== null) schemaOnly++
        continue
      }
      fast++
      if (!full || !sameReadings(quick, full))
        disagreements.push({
          payload: payload.slice(0, 200),
          fast: quick.slice(0, 2),
          schema: full?.slice(0, 2),
        })
    }
    expect(disagreements.slice(0, 5)).toEqual([])
    // both paths were taken: the fast one for the common shape, the schema for what it declines
    expect(fast).toBeGreaterThan(1000)
    expect(schemaOnly).toBeGreaterThan(10)
  })

  it('takes the common shape of the simulator and the bench', () => {
    const ts = '2025-06-01T07:00:00.000Z'
    const batch = [
      { ts, values: { pm25: 41.2, pm10: 60 } },
      { ts: 1748736000000, values: { water_level_cm: 132 } },
    ]
    expect(readingsOfCommonShape(batch)).toBe(batch)
    const one = { values: { noise_db: 55 } }
    expect(readingsOfCommonShape(one)).toEqual([one])
  })

  it('declines anything the schema would refuse or reshape', () => {
    for (const json of [
      null,
      [],
      [{ values: {} }],
      { values: { pm25: Number.POSITIVE_INFINITY } },
      { values: { pm25: 1 }, extra: 1 },
      { ts: '2025-06-01T07:00Z', values: { pm25: 1 } },
      JSON.parse('{"values":{"__proto__":1}}'),
      Array.from({ length: SENSOR_MAX_READINGS + 1 }, () => ({ values: { pm25: 1 } })),
    ])
      expect(readingsOfCommonShape(json)).toBeNull()
  })
})
