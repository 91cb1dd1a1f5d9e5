import { describe, expect, it } from 'vitest'
import {
  deadLetterSchema,
  defaultMetricsFor,
  deviceCreateSchema,
  deviceSchema,
  knownMetrics,
  metricCatalog,
  metricNameSchema,
  observationSchema,
  readingPointSchema,
  readingsQuerySchema,
} from './sensors.js'

const create = {
  id: 'aq-hoian-01',
  kind: 'air_quality',
  name: 'Trạm quan trắc Hội An',
  lat: 15.8801,
  lon: 108.338,
  district: 'Hội An',
  metrics: ['pm25', 'pm10', 'aqi'],
  password: 'device-secret-1',
}

describe('metric names and catalog', () => {
  it.each([
    ['pm25', true],
    ['water_level_cm', true],
    ['a', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['PM25', false],
    ['2pm', false],
    ['_x', false],
    ['pm2.5', false],
    ['__proto__', false],
    ['', false],
  ])('%s valid: %s', (name, ok) => {
    expect(metricNameSchema.safeParse(name).success).toBe(ok)
  })

  it('catalogs the ten demo metrics with units and both languages', () => {
    expect([...knownMetrics]).toEqual([
      'pm25',
      'pm10',
      'aqi',
      'water_level_cm',
      'rainfall_mm',
      'noise_db',
      'vehicle_count',
      'temperature_c',
      'humidity_pct',
      'wind_speed_ms',
    ])
    expect(metricCatalog.pm25).toEqual({
      unit: 'µg/m³',
      label: { vi: 'Bụi mịn PM2.5', en: 'PM2.5' },
      deviceKind: 'air_quality',
      range: { min: -10, max: 2000 },
    })
    for (const info of Object.values(metricCatalog)) {
      expect(info.range.min).toBeLessThan(info.range.max)
      expect(info.label.vi.length).toBeGreaterThan(0)
      expect(info.label.en.length).toBeGreaterThan(0)
    }
  })

  it('gives each device kind its default metrics', () => {
    expect(defaultMetricsFor('air_quality')).toEqual(['pm25', 'pm10', 'aqi'])
    expect(defaultMetricsFor('weather')).toEqual(['temperature_c', 'humidity_pct', 'wind_speed_ms'])
    expect(defaultMetricsFor('traffic_counter')).toEqual(['vehicle_count'])
  })
})

describe('devices', () => {
  it('accepts a valid creation and keeps the password for the server', () => {
    expect(deviceCreateSchema.parse(create)).toEqual(create)
  })

  it('rejects bad ids, coordinates, short passwords and repeated metrics', () => {
    const bad = (patch: object) => deviceCreateSchema.safeParse({ ...create, ...patch }).success
    expect(bad({ id: 'A1' })).toBe(false)
    expect(bad({ id: 'a' })).toBe(false)
    expect(bad({ id: 'aq/01' })).toBe(false)
    expect(bad({ id: '-aq' })).toBe(false)
    expect(bad({ lat: 91 })).toBe(false)
    expect(bad({ lon: -180.5 })).toBe(false)
    expect(bad({ password: 'short' })).toBe(false)
    expect(bad({ metrics: [] })).toBe(false)
    expect(bad({ metrics: ['pm25', 'pm25'] })).toBe(false)
    expect(bad({ kind: 'camera' })).toBe(false)
    expect(bad({ name: '   ' })).toBe(false)
    expect(bad({ id: 'a1', lat: -90, lon: 180 })).toBe(true)
  })

  it('has a public shape without the password', () => {
    const stored = { ...create, passwordHash: '$argon2id$...', lastSeen: null, online: false }
    const device = deviceSchema.parse(stored)
    expect(device).toEqual({
      id: 'aq-hoian-01',
      kind: 'air_quality',
      name: 'Trạm quan trắc Hội An',
      lat: 15.8801,
      lon: 108.338,
      district: 'Hội An',
      metrics: ['pm25', 'pm10', 'aqi'],
      lastSeen: null,
      online: false,
    })
    expect(device).not.toHaveProperty('password')
    expect(device).not.toHaveProperty('passwordHash')
    expect(deviceSchema.safeParse({ ...device, lastSeen: '2025-06-01T07:00:00+07:00' }).success).toBe(true)
    expect(deviceSchema.safeParse({ ...device, lastSeen: 'yesterday' }).success).toBe(false)
  })
})

describe('observations, history and dead letters', () => {
  it('validates an observation', () => {
    const ok = { deviceId: 'aq-hoian-01', metric: 'pm25', ts: '2025-06-01T00:00:00.000Z', value: 41.2 }
    expect(observationSchema.parse(ok)).toEqual(ok)
    expect(observationSchema.safeParse({ ...ok, value: Number.POSITIVE_INFINITY }).success).toBe(false)
    expect(observationSchema.safeParse({ ...ok, ts: 1748736000000 }).success).toBe(false)
  })

  it('validates a history point', () => {
    const point = { bucket: '2025-06-01T00:00:00Z', avg: 40.5, min: 12, max: 77.1, count: 60 }
    expect(readingPointSchema.parse(point)).toEqual(point)
    expect(readingPointSchema.safeParse({ ...point, count: 1.5 }).success).toBe(false)
  })

  it('defaults the bucket of a readings query and checks the range', () => {
    expect(readingsQuerySchema.parse({ from: '2025-06-01T00:00:00Z', metric: 'pm25' })).toEqual({
      from: '2025-06-01T00:00:00Z',
      metric: 'pm25',
      bucket: '1m',
    })
    expect(readingsQuerySchema.safeParse({ bucket: '7m' }).success).toBe(false)
    expect(
      readingsQuerySchema.safeParse({ from: '2025-06-02T00:00:00Z', to: '2025-06-01T00:00:00Z' }).success,
    ).toBe(false)
  })

  it('validates a dead letter and its reason codes', () => {
    const letter = {
      id: '17',
      topic: 'ioc/v1/sensors/aq-hoian-01/readings',
      reason: 'ts_out_of_range',
      detail: 'ts is -3600000 ms from the server clock (limit ±300000 ms)',
      payloadPreview: '{"ts":1748732400000,"values":{"pm25":1}}',
      receivedAt: '2025-06-01T00:00:00.000Z',
    }
    expect(deadLetterSchema.parse(letter)).toEqual(letter)
    expect(deadLetterSchema.safeParse({ ...letter, reason: 'oops' }).success).toBe(false)
  })
})
