// Messages for one device's readings topic that must each become a dead letter, from a seed so a
// failure replays: bytes, truncated JSON, wrong types, huge arrays, numbers a float holds but no
// sensor measures (1e308, -5e-324 where the range starts at 0, just past a range's end), numbers
// JSON holds and a float does not (1e400), far timestamps, oversized bodies. Every one is invalid by
// construction; none depends on what the parser happens to accept today.
import {
  metricCatalog,
  SENSOR_MAX_PAYLOAD_BYTES,
  SENSOR_MAX_READINGS,
  type KnownMetric,
} from '@ioc/contracts'
import { prng } from './fuzz-payloads.js'

export interface DeviceFuzz {
  kind: string
  payload: Buffer
}

/** The metrics the fuzzed device reports, all of the catalog. */
export const fuzzMetrics = Object.keys(metricCatalog) as KnownMetric[]

export function deviceFuzz(count: number, seed: number, now: number): DeviceFuzz[] {
  const rnd = prng(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
  const day = 86400_000
  // inside the skew window, over the hour the valid readings cover
  const ts = () => now - 3600_000 + int(3600_000)
  const metric = () => pick(fuzzMetrics)
  const outside = (m: KnownMetric): number => {
    const { min, max } = metricCatalog[m].range
    return pick([
      1e308,
      -1e308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      max + Math.max(1e-9, Math.abs(max) * 1e-9),
      min - Math.max(1e-9, Math.abs(min) * 1e-9),
      max * 1e6 + 1,
      min === 0 ? -5e-324 : min * 1e6 - 1,
    ])
  }
  const valid = () => ({ ts: ts(), values: { [metric()]: 0 } })
  const makers: Record<string, () => string | Buffer> = {
    randomBytes: () => Buffer.from(Array.from({ length: 1 + int(300) }, () => int(256))),
    truncatedJson: () => {
      const text = JSON.stringify({ ts: ts(), values: { pm25: 12.5, noise_db: 61 } })
      return text.slice(0, 1 + int(text.length - 1))
    },
    wrongTypes: () =>
      pick([
        JSON.stringify({ ts: ts(), values: { [metric()]: pick(['12', null, true, [], {}, [1]]) } }),
        JSON.stringify({ ts: ts(), values: pick([null, [], 'pm25=3', 42, true]) }),
        JSON.stringify({
          ts: pick([true, {}, [], null, 'yesterday', '2026-13-45T00:00:00Z']),
          values: { pm25: 1 },
        }),
        JSON.stringify(pick([null, 42, 'reading', true, [], {}, { values: {} }, [null], [[]]])),
      ]),
    hugeArray: () => JSON.stringify(Array.from({ length: SENSOR_MAX_READINGS + 1 + int(200) }, valid)),
    // a large, well-formed batch that one reading poisons: all or nothing
    poisonedBatch: () => {
      const batch: unknown[] = Array.from({ length: 1 + int(300) }, valid)
      const m = metric()
      batch.splice(int(batch.length), 0, { ts: ts(), values: { [m]: outside(m) } })
      return JSON.stringify(batch)
    },
    extremeNumber: () => {
      const m = metric()
      return JSON.stringify({ ts: ts(), values: { pm25: 10, [m]: outside(m) } })
    },
    // 1e400 parses to Infinity; JSON.stringify would write null, so these are written by hand
    nonFinite: () => `{"ts":${ts()},"values":{"${metric()}":${pick(['1e400', '-1e400', '1e999999'])}}}`,
    farTimestamp: () =>
      JSON.stringify({
        ts: pick([
          now + (8 + int(100_000)) * day,
          now - (8 + int(100_000)) * day,
          1e20,
          -1e20,
          8.64e15 + 1,
          '+275760-09-13T00:00:00.000Z',
          '1970-01-01T00:00:00Z',
          now / 1000,
        ]),
        values: { pm25: 12 },
      }),
    badMetric: () =>
      JSON.stringify({
        ts: ts(),
        values: { [pick(['PM25', 'co2_ppm', '__proto__x', '1abc', 'x'.repeat(65)])]: 1 },
      }),
    tooLarge: () =>
      JSON.stringify({
        ts: ts(),
        values: { pm25: 1 },
        pad: 'x'.repeat(SENSOR_MAX_PAYLOAD_BYTES + int(4000)),
      }),
    empty: () => pick(['', ' ', '{}', '[]', 'null', '{"values":{}}', '\u0000']),
  }
  // the big ones rarer: they cost the broker and the parser time, not coverage
  const weights: Record<string, number> = { tooLarge: 0.1, hugeArray: 0.3 }
  const kinds = Object.keys(makers).flatMap((k) => Array<string>(Math.round((weights[k] ?? 1) * 10)).fill(k))
  return Array.from({ length: count }, () => {
    const kind = pick(kinds)
    const body = makers[kind]!()
    return { kind, payload: typeof body === 'string' ? Buffer.from(body) : body }
  })
}
