import { z } from 'zod'
import {
  districtSchema,
  isoDateTimeSchema,
  latitudeSchema,
  longitudeSchema,
  nameSchema,
  resourceIdSchema,
  timeRangeQuerySchema,
  uniqueBy,
  type LocalizedText,
} from './common.js'
import { READING_VALUE_LIMIT } from './sensor-limits.js'

// Metric names become SQL values, chart keys and object keys on the dashboard: lower snake_case
// keeps them readable and away from prototype names such as `__proto__` or `toString`.
export const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/
export const metricNameSchema = z.string().regex(METRIC_NAME_PATTERN, {
  error: 'metric names are 1-64 characters of a-z, 0-9 or "_", starting with a letter',
})

export const deviceIdSchema = resourceIdSchema

export const deviceKindSchema = z.enum([
  'air_quality',
  'water_level',
  'rain_gauge',
  'noise',
  'traffic_counter',
  'weather',
])
export type DeviceKind = z.infer<typeof deviceKindSchema>

export const knownMetricSchema = z.enum([
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
export type KnownMetric = z.infer<typeof knownMetricSchema>

export interface MetricInfo {
  /** Display unit; empty for dimensionless indices. */
  unit: string
  label: LocalizedText
  /** The device kind that normally reports it: the default `metrics` of a new device of that kind. */
  deviceKind: DeviceKind
  /**
   * The values a working sensor can report, in `unit`, both ends included. A reading outside is a
   * fault (or an attack) and becomes an `out_of_range` dead letter instead of a stored value.
   */
  range: MetricRange
}

export interface MetricRange {
  min: number
  max: number
}

// Devices may report metrics outside this catalog; the catalog only gives known ones a unit, a
// label, a range (and the simulator its list). Ranges are physical, a little wider than any record:
// PM2.5 and PM10 a little below zero (reference monitors read so near zero) up to well past the
// worst haze and dust storms measured; noise up to 194 dB, the loudest sound air carries; 56.7 and
// -89.2 °C are the Earth's records; wind gusts have reached 113 m/s; rain 1825 mm in a day.
export const metricCatalog: Readonly<Record<KnownMetric, MetricInfo>> = {
  pm25: {
    unit: 'µg/m³',
    label: { vi: 'Bụi mịn PM2.5', en: 'PM2.5' },
    deviceKind: 'air_quality',
    range: { min: -10, max: 2000 },
  },
  pm10: {
    unit: 'µg/m³',
    label: { vi: 'Bụi PM10', en: 'PM10' },
    deviceKind: 'air_quality',
    range: { min: -10, max: 6000 },
  },
  aqi: {
    unit: '',
    label: { vi: 'Chỉ số chất lượng không khí (AQI)', en: 'Air quality index (AQI)' },
    deviceKind: 'air_quality',
    range: { min: 0, max: 1000 },
  },
  water_level_cm: {
    unit: 'cm',
    label: { vi: 'Mực nước', en: 'Water level' },
    deviceKind: 'water_level',
    range: { min: -1000, max: 10_000 },
  },
  rainfall_mm: {
    unit: 'mm',
    label: { vi: 'Lượng mưa', en: 'Rainfall' },
    deviceKind: 'rain_gauge',
    range: { min: 0, max: 2000 },
  },
  noise_db: {
    unit: 'dB(A)',
    label: { vi: 'Độ ồn', en: 'Noise level' },
    deviceKind: 'noise',
    range: { min: 0, max: 194 },
  },
  vehicle_count: {
    unit: 'veh',
    label: { vi: 'Lưu lượng xe', en: 'Vehicle count' },
    deviceKind: 'traffic_counter',
    range: { min: 0, max: 100_000 },
  },
  temperature_c: {
    unit: '°C',
    label: { vi: 'Nhiệt độ', en: 'Temperature' },
    deviceKind: 'weather',
    range: { min: -90, max: 70 },
  },
  humidity_pct: {
    unit: '%',
    label: { vi: 'Độ ẩm', en: 'Relative humidity' },
    deviceKind: 'weather',
    range: { min: 0, max: 100 },
  },
  wind_speed_ms: {
    unit: 'm/s',
    label: { vi: 'Tốc độ gió', en: 'Wind speed' },
    deviceKind: 'weather',
    range: { min: 0, max: 120 },
  },
}

export const knownMetrics: ReadonlySet<string> = new Set(knownMetricSchema.options)

const anyMetricRange: MetricRange = { min: -READING_VALUE_LIMIT, max: READING_VALUE_LIMIT }

/** The values a metric may take: its catalog range, or ±READING_VALUE_LIMIT outside the catalog. */
export function metricRange(metric: string): MetricRange {
  return knownMetrics.has(metric) ? metricCatalog[metric as KnownMetric].range : anyMetricRange
}

/** False for a value outside the metric's range, and for NaN and ±Infinity. */
export function isInMetricRange(metric: string, value: number): boolean {
  const { min, max } = metricRange(metric)
  return value >= min && value <= max
}

export function defaultMetricsFor(kind: DeviceKind): KnownMetric[] {
  return knownMetricSchema.options.filter((metric) => metricCatalog[metric].deviceKind === kind)
}

const deviceFields = {
  id: deviceIdSchema,
  kind: deviceKindSchema,
  name: nameSchema,
  lat: latitudeSchema,
  lon: longitudeSchema,
  district: districtSchema,
  metrics: z
    .array(metricNameSchema)
    .min(1)
    .max(64)
    .refine(
      uniqueBy((m: string) => m),
      { error: 'metrics must not repeat' },
    ),
}

// The password is the device's MQTT password: accepted on creation, stored hashed, never returned.
export const deviceCreateSchema = z.object({
  ...deviceFields,
  password: z.string().min(8).max(128).meta({ writeOnly: true }),
})
export type DeviceCreate = z.infer<typeof deviceCreateSchema>

// Parsing a stored row through this schema strips the password hash by construction.
export const deviceSchema = z.object({
  ...deviceFields,
  lastSeen: isoDateTimeSchema.nullable(),
  online: z.boolean(),
})
export type Device = z.infer<typeof deviceSchema>

// A device as GET /api/sensors answers it: devices that registered themselves and were not placed
// on the map yet have no position or district.
export const sensorViewSchema = deviceSchema.extend({
  lat: deviceSchema.shape.lat.nullable(),
  lon: deviceSchema.shape.lon.nullable(),
  district: deviceSchema.shape.district.nullable(),
})
export type SensorView = z.infer<typeof sensorViewSchema>

export const observationSchema = z.object({
  deviceId: deviceIdSchema,
  metric: metricNameSchema,
  ts: isoDateTimeSchema,
  value: z.number(),
})
export type Observation = z.infer<typeof observationSchema>

// Published (retained) on `ioc/v1/devices/{id}/status` when a device goes silent for longer than
// IOC_DEVICE_OFFLINE_AFTER_S or speaks again; the api's offline rules read it. What online, offline
// and never seen mean: device-status.ts.
export const deviceStatusSchema = z.object({
  deviceId: deviceIdSchema,
  online: z.boolean(),
  lastSeen: isoDateTimeSchema.nullable(),
  ts: isoDateTimeSchema,
})
export type DeviceStatus = z.infer<typeof deviceStatusSchema>

// What ingest publishes on the live topic, many observations a message to keep the broker quiet.
export const observationBatchSchema = z.array(observationSchema).max(10_000)

export const readingPointSchema = z.object({
  bucket: isoDateTimeSchema,
  avg: z.number(),
  min: z.number(),
  max: z.number(),
  count: z.int().min(0),
})
export type ReadingPoint = z.infer<typeof readingPointSchema>

export const readingsQuerySchema = timeRangeQuerySchema.safeExtend({
  metric: metricNameSchema.optional(),
})
export type ReadingsQuery = z.infer<typeof readingsQuerySchema>

// The answer of GET /api/sensors/{id}/readings: one series per metric, buckets with at least one
// reading, oldest first.
export const sensorReadingsSchema = z.object({
  deviceId: deviceIdSchema,
  bucket: z.string(),
  from: z.string(),
  to: z.string(),
  series: z.record(z.string(), z.array(readingPointSchema)),
})
export type SensorReadings = z.infer<typeof sensorReadingsSchema>

export const deadLetterReasonSchema = z.enum([
  'bad_json',
  'schema',
  'unknown_device',
  'unknown_metric',
  'ts_out_of_range',
  'too_large',
  // a value outside its metric's plausible range (metricCatalog), or not finite
  'out_of_range',
  'forbidden_topic',
  // a KPI value published on ioc/v1/kpis/{kpiId} for a KPI the catalog does not have
  'unknown_kpi',
])
export type DeadLetterReason = z.infer<typeof deadLetterReasonSchema>

export const deadLetterSchema = z.object({
  id: z.string().min(1).max(64),
  topic: z.string().max(1024),
  reason: deadLetterReasonSchema,
  detail: z.string().max(2000),
  payloadPreview: z.string().max(2000),
  receivedAt: isoDateTimeSchema,
})
export type DeadLetter = z.infer<typeof deadLetterSchema>

// The answer of GET /api/dead-letters: newest first, each with how large its payload really was.
export const deadLetterPageSchema = z.object({
  items: z.array(deadLetterSchema.extend({ payloadSize: z.int() })),
  // Pass as `cursor` for the next (older) page; null on the last page.
  nextCursor: z.string().nullable(),
  countsByReason: z.record(z.string(), z.int()),
})
export type DeadLetterPage = z.infer<typeof deadLetterPageSchema>
