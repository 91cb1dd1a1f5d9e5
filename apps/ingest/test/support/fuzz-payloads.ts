// Malformed sensor messages of every kind a field device or an attacker sends, from a seed, so a
// failure can be replayed.

export interface FuzzMessage {
  topic: string
  payload: Buffer
}

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function fuzzPayloads(count: number, seed: number): FuzzMessage[] {
  const rnd = prng(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
  const now = Date.now()
  const day = 86400_000
  const makers: (() => string | Buffer)[] = [
    () => Buffer.from(Array.from({ length: int(200) }, () => int(256))),
    () => JSON.stringify({ ts: now, values: { pm25: 12.5, pm10: 20 } }).slice(0, 1 + int(40)),
    () => JSON.stringify({ values: { pm25: pick(['high', null, true, [], {}, '12']) } }),
    () => JSON.stringify({ values: pick([null, [], 'pm25=3', 42, [1, 2]]) }),
    () => JSON.stringify({ ts: now }),
    () => '{"values":{"pm25":NaN}}',
    () => '{"values":{"pm25":Infinity}}',
    () => JSON.stringify({ ts: now + (30 + int(1000)) * day, values: { pm25: 1 } }),
    () => JSON.stringify({ ts: now - (30 + int(10000)) * day, values: { pm25: 1 } }),
    () =>
      JSON.stringify({
        ts: pick(['yesterday', '2026-13-45T00:00:00Z', '', -1e20, 1e20]),
        values: { pm25: 1 },
      }),
    () => JSON.stringify({ values: { [pick(['PM25', 'pm 25', '', '1abc', 'x'.repeat(80), 'pm-25'])]: 1 } }),
    () => '{"values":{"__proto__":{"polluted":1},"pm25":3}}',
    () => JSON.stringify(Array.from({ length: 1001 + int(50) }, () => ({ values: { pm25: 1 } }))),
    () => JSON.stringify([]),
    () => JSON.stringify({ values: {} }),
    () => JSON.stringify({ values: { pm25: 1 }, ts: now, extra: 'x'.repeat(70_000) }),
    () => pick(['', 'null', 'true', '[]', '"string"', '12']),
    // parses to Infinity, which is not a reading
    () => '{"values":{"pm25":1e400}}',
    () => '\u0000'.repeat(int(50)),
    () => '{'.repeat(5000 + int(5000)),
  ]
  const topics = [
    (i: number) => `ioc/v1/sensors/fuzz-${i % 97}/readings`,
    () => `ioc/v1/sensors/${pick(['BAD ID', 'ünïcode', '-lead', 'x'.repeat(100)])}/readings`,
  ]
  return Array.from({ length: count }, (_, i) => {
    const body = pick(makers)()
    return {
      topic: rnd() < 0.95 ? topics[0]!(i) : topics[1]!(i),
      payload: typeof body === 'string' ? Buffer.from(body) : body,
    }
  })
}
