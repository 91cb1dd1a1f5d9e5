import { describe, expect, it } from 'vitest'
import { metricCatalog } from './sensors.js'
import {
  parseSensorPayload,
  payloadPreview,
  sensorPayloadSchema,
  SENSOR_MAX_READINGS,
  type SensorParseOptions,
} from './sensor-payload.js'

const TOPIC = 'ioc/v1/sensors/aq-hoian-01/readings'
const NOW = Date.parse('2025-06-01T00:00:00.000Z')
const opts: SensorParseOptions = { now: NOW, maxSkewMs: 5 * 60_000, maxBytes: 256 * 1024 }

const parse = (raw: string | Uint8Array, o: Partial<SensorParseOptions> = {}, topic = TOPIC) =>
  parseSensorPayload(topic, raw, { ...opts, ...o })

describe('parseSensorPayload: accepted messages', () => {
  it('stamps a reading without ts with the server clock', () => {
    expect(parse('{"values":{"pm25":41.2,"pm10":60}}')).toEqual({
      ok: true,
      deviceId: 'aq-hoian-01',
      readings: [
        { deviceId: 'aq-hoian-01', metric: 'pm25', ts: '2025-06-01T00:00:00.000Z', value: 41.2 },
        { deviceId: 'aq-hoian-01', metric: 'pm10', ts: '2025-06-01T00:00:00.000Z', value: 60 },
      ],
    })
  })

  it('normalises an ISO timestamp with an offset to UTC', () => {
    const result = parse('{"ts":"2025-06-01T06:59:30+07:00","values":{"water_level_cm":132}}')
    expect(result).toEqual({
      ok: true,
      deviceId: 'aq-hoian-01',
      readings: [
        { deviceId: 'aq-hoian-01', metric: 'water_level_cm', ts: '2025-05-31T23:59:30.000Z', value: 132 },
      ],
    })
  })

  it('accepts epoch milliseconds', () => {
    const result = parse(`{"ts":${NOW + 1500},"values":{"noise_db":71.5}}`)
    expect(result).toEqual({
      ok: true,
      deviceId: 'aq-hoian-01',
      readings: [
        { deviceId: 'aq-hoian-01', metric: 'noise_db', ts: '2025-06-01T00:00:01.500Z', value: 71.5 },
      ],
    })
  })

  it('flattens an array of readings in order', () => {
    const raw = JSON.stringify([
      { ts: '2025-05-31T23:58:00Z', values: { pm25: 1, aqi: 10 } },
      { ts: NOW - 60_000, values: { pm25: 2 } },
      { values: { pm25: 3 } },
    ])
    const result = parse(raw)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.readings.map((r) => [r.metric, r.ts, r.value])).toEqual([
      ['pm25', '2025-05-31T23:58:00.000Z', 1],
      ['aqi', '2025-05-31T23:58:00.000Z', 10],
      ['pm25', '2025-05-31T23:59:00.000Z', 2],
      ['pm25', '2025-06-01T00:00:00.000Z', 3],
    ])
  })

  it('reads a Buffer (MQTT delivers bytes) and ignores unknown top-level fields', () => {
    const result = parse(Buffer.from('{"values":{"vehicle_count":17},"battery":0.9}', 'utf8'))
    expect(result).toEqual({
      ok: true,
      deviceId: 'aq-hoian-01',
      readings: [
        { deviceId: 'aq-hoian-01', metric: 'vehicle_count', ts: '2025-06-01T00:00:00.000Z', value: 17 },
      ],
    })
  })

  it('accepts negative and zero values', () => {
    const result = parse('{"values":{"temperature_c":-3.5,"rainfall_mm":0}}')
    expect(result.ok && result.readings.map((r) => r.value)).toEqual([-3.5, 0])
  })

  it('lets metrics outside the catalog through unless knownMetrics is given', () => {
    expect(parse('{"values":{"battery_v":3.7}}').ok).toBe(true)
    expect(
      parse('{"values":{"battery_v":3.7,"pm25":1,"co2_ppm":400}}', { knownMetrics: new Set(['pm25']) }),
    ).toEqual({
      ok: false,
      reason: 'unknown_metric',
      detail: 'unknown metric(s): battery_v, co2_ppm',
    })
  })
})

describe('parseSensorPayload: dead letters', () => {
  it('bad JSON', () => {
    expect(parse('{"values":')).toEqual({
      ok: false,
      reason: 'bad_json',
      detail: 'Unexpected end of JSON input',
    })
    expect(parse('')).toMatchObject({ ok: false, reason: 'bad_json' })
    expect(parse('pm25=41')).toMatchObject({ ok: false, reason: 'bad_json' })
  })

  it('bytes that are not UTF-8', () => {
    expect(parse(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({
      ok: false,
      reason: 'bad_json',
      detail: 'payload is not valid UTF-8',
    })
  })

  it('JSON of the wrong shape', () => {
    expect(parse('42')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: (root): Invalid input: expected object, received number',
    })
    expect(parse('null')).toMatchObject({ ok: false, reason: 'schema' })
    expect(parse('{"ts":"2025-06-01T00:00:00Z"}')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: values: Invalid input: expected record, received undefined',
    })
    expect(parse('{"values":{}}')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: values: at least one metric is required',
    })
    expect(parse('{"values":{"pm25":"41"}}')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: values.pm25: Invalid input: expected number, received string',
    })
    expect(parse('[]')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: (root): Too small: expected array to have >=1 items',
    })
  })

  it('metric names outside the pattern', () => {
    expect(parse('{"values":{"PM2.5":41}}')).toEqual({
      ok: false,
      reason: 'schema',
      detail:
        'Validation failed: values.PM2.5: metric names are 1-64 characters of a-z, 0-9 or "_", starting with a letter',
    })
    expect(parse(`{"values":{"${'a'.repeat(65)}":1}}`)).toMatchObject({ ok: false, reason: 'schema' })
  })

  it('non-finite numbers (1e999 parses to Infinity)', () => {
    expect(parse('{"values":{"pm25":1e999}}')).toEqual({
      ok: false,
      reason: 'out_of_range',
      detail: 'Validation failed: values.pm25: Infinity is outside -10 to 2000 µg/m³',
    })
    expect(parse('{"values":{"pm25":NaN}}')).toMatchObject({ ok: false, reason: 'bad_json' })
    expect(parse('{"ts":-1e999,"values":{"pm25":1}}')).toMatchObject({ ok: false, reason: 'schema' })
  })

  it("values outside their metric's range, whichever path parses them", () => {
    expect(parse('{"values":{"noise_db":1e308}}')).toEqual({
      ok: false,
      reason: 'out_of_range',
      detail: 'Validation failed: values.noise_db: 1e+308 is outside 0 to 194 dB(A)',
    })
    // in a batch the path names the reading; an extra key sends it through the schema, not the fast path
    expect(parse('[{"values":{"pm25":1}},{"values":{"humidity_pct":-1e308},"extra":1}]')).toEqual({
      ok: false,
      reason: 'out_of_range',
      detail: 'Validation failed: 1.values.humidity_pct: -1e+308 is outside 0 to 100 %',
    })
    expect(parse('{"values":{"temperature_c":70.0001}}')).toMatchObject({ reason: 'out_of_range' })
    // metrics outside the catalog are bounded too: no stored value may overflow a sum
    expect(parse('{"values":{"battery_v":1e13}}')).toEqual({
      ok: false,
      reason: 'out_of_range',
      detail:
        'Validation failed: values.battery_v: 10000000000000 is outside -1000000000000 to 1000000000000',
    })
    // a range error beside a wrong type is a schema error
    expect(parse('{"values":{"pm25":"x","pm10":1e308}}')).toMatchObject({ reason: 'schema' })
  })

  it('accepts the ends of each range and tiny numbers', () => {
    for (const [metric, { range }] of Object.entries(metricCatalog)) {
      for (const value of [range.min, range.max])
        expect(parse(JSON.stringify({ values: { [metric]: value } })).ok, `${metric} ${value}`).toBe(true)
    }
    expect(parse('{"values":{"pm25":5e-324,"pm10":-0}}').ok).toBe(true)
  })

  it('__proto__ keys are refused, and nothing gets polluted', () => {
    expect(parse('{"values":{"__proto__":{"polluted":1},"pm25":2}}')).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: values.__proto__: "__proto__" is not a metric name',
    })
    expect(parse('[{"values":{"pm25":1}},{"values":{"__proto__":5}}]')).toMatchObject({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: 1.values.__proto__: "__proto__" is not a metric name',
    })
    // A top-level __proto__ is an unknown field: dropped, never assigned.
    const result = parse('{"__proto__":{"polluted":1},"values":{"pm25":2}}')
    expect(result.ok).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('names that exist on Object.prototype are ordinary metrics', () => {
    const result = parse('{"values":{"constructor":1}}', { knownMetrics: new Set(['pm25']) })
    expect(result).toEqual({ ok: false, reason: 'unknown_metric', detail: 'unknown metric(s): constructor' })
  })

  it('timestamps outside the skew window, either way', () => {
    expect(parse('{"ts":"2025-06-01T00:05:00.001Z","values":{"pm25":1}}')).toEqual({
      ok: false,
      reason: 'ts_out_of_range',
      detail: 'ts is 300001 ms from the server clock (limit ±300000 ms)',
    })
    expect(parse('{"ts":"2025-06-01T00:05:00Z","values":{"pm25":1}}').ok).toBe(true)
    // Epoch seconds sent as milliseconds land in 1970.
    expect(parse(`{"ts":${NOW / 1000},"values":{"pm25":1}}`)).toMatchObject({
      ok: false,
      reason: 'ts_out_of_range',
    })
    expect(parse(`[{"values":{"pm25":1}},{"ts":${NOW - 3_600_000},"values":{"pm25":1}}]`)).toEqual({
      ok: false,
      reason: 'ts_out_of_range',
      detail: '1.ts is -3600000 ms from the server clock (limit ±300000 ms)',
    })
    expect(parse('{"ts":8.64e15,"values":{"pm25":1}}')).toMatchObject({
      ok: false,
      reason: 'ts_out_of_range',
    })
  })

  it('timestamps that are not timestamps', () => {
    for (const ts of [
      '"yesterday"',
      '"2025-06-01T00:00:00"',
      '"2025-02-30T00:00:00Z"',
      '"1748736000000"',
      'true',
    ]) {
      expect(parse(`{"ts":${ts},"values":{"pm25":1}}`)).toMatchObject({ ok: false, reason: 'schema' })
    }
  })

  it('oversized payloads, counted in UTF-8 bytes', () => {
    const body = '{"values":{"pm25":1}}'
    expect(parse(body, { maxBytes: body.length }).ok).toBe(true)
    expect(parse(body, { maxBytes: body.length - 1 })).toEqual({
      ok: false,
      reason: 'too_large',
      detail: `payload exceeds ${body.length - 1} bytes`,
    })
    expect(parse(Buffer.from(body), { maxBytes: 10 })).toEqual({
      ok: false,
      reason: 'too_large',
      detail: `payload is ${body.length} bytes, limit 10`,
    })
    // 21 ASCII characters plus "ộ" (3 bytes in UTF-8) in an ignored field.
    const vi = '{"values":{"pm25":1},"n":"ộ"}'
    expect(parse(vi, { maxBytes: vi.length + 1 })).toEqual({
      ok: false,
      reason: 'too_large',
      detail: `payload is ${vi.length + 2} bytes, limit ${vi.length + 1}`,
    })
  })

  it('arrays longer than the limit', () => {
    const raw = JSON.stringify(
      Array.from({ length: SENSOR_MAX_READINGS + 1 }, () => ({ values: { pm25: 1 } })),
    )
    expect(parse(raw, { maxBytes: 1e6 })).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'Validation failed: (root): Too big: expected array to have <=1000 items',
    })
  })

  it('topics that are not a sensor readings topic', () => {
    for (const topic of ['ioc/v1/sensors/AQ/readings', 'ioc/v1/sensors/a/b/readings', 'ioc/v1/kpis/x', '']) {
      expect(parse('{"values":{"pm25":1}}', {}, topic)).toMatchObject({
        ok: false,
        reason: 'forbidden_topic',
      })
    }
  })

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      123,
      {},
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      '{"values":{"pm25":1},"values":{"pm25":"x"}}',
      '{"constructor":{"prototype":{"polluted":1}},"values":{"pm25":1}}',
      '\u0000\u0001',
      new Uint8Array(0),
    ]
    for (const raw of inputs) {
      expect(() => parseSensorPayload(TOPIC, raw as string, opts)).not.toThrow()
      expect(() => parseSensorPayload(raw as string, raw as string, opts)).not.toThrow()
    }
    expect(parseSensorPayload(TOPIC, 123 as unknown as string, opts)).toEqual({
      ok: false,
      reason: 'bad_json',
      detail: 'payload is neither text nor bytes',
    })
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('survives random bytes', () => {
    let seed = 42
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))
      const result = parseSensorPayload(TOPIC, bytes, opts)
      expect(result.ok).toBe(false)
    }
  })
})

describe('sensorPayloadSchema', () => {
  it('accepts one reading or an array', () => {
    expect(sensorPayloadSchema.safeParse({ values: { pm25: 1 } }).success).toBe(true)
    expect(sensorPayloadSchema.safeParse([{ ts: 1748736000000, values: { pm25: 1 } }]).success).toBe(true)
    expect(sensorPayloadSchema.safeParse({ values: { pm25: Number.NaN } }).success).toBe(false)
  })
})

describe('payloadPreview', () => {
  it('keeps short payloads and replaces control characters', () => {
    expect(payloadPreview('{"a":\n1}')).toBe('{"a": 1}')
    expect(payloadPreview(Buffer.from('{"values":{}}'))).toBe('{"values":{}}')
  })

  it('truncates long payloads with an ellipsis and decodes bad bytes leniently', () => {
    expect(payloadPreview('x'.repeat(300), 10)).toBe('xxxxxxxxx…')
    expect(payloadPreview(new Uint8Array([0x61, 0xff, 0x62]))).toBe('a\ufffdb')
  })
})
