// The shape of a device's readings message (`ioc/v1/sensors/{deviceId}/readings`, streams.ts);
// sensor-payload.ts parses it on the ingest's fast path, with a dead letter's reason for each refusal.
import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'
import { SENSOR_MAX_METRICS, SENSOR_MAX_READINGS } from './sensor-limits.js'
import { isInMetricRange, metricCatalog, metricNameSchema, metricRange, type KnownMetric } from './sensors.js'

// zod skips a `__proto__` key of a record silently (assigning it would replace the prototype),
// which would turn a hostile payload into an accepted one with a value quietly missing. Reject it.
function guardMetricKeys(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input
  const keys = Object.keys(input)
  if (keys.includes('__proto__')) {
    ctx.addIssue({ code: 'custom', message: '"__proto__" is not a metric name', path: ['__proto__'] })
  }
  if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one metric is required' })
  if (keys.length > SENSOR_MAX_METRICS) {
    ctx.addIssue({ code: 'custom', message: `at most ${SENSOR_MAX_METRICS} metrics per reading` })
  }
  return input
}

/** The zod issue param that marks a value outside its metric's range (a dead letter's reason). */
export const OUT_OF_RANGE = 'out_of_range'

/** "1e+308 is outside 0 to 194 dB(A)": the value as parsed, the range in the metric's unit. */
function rangeMessage(metric: string, value: number): string {
  const { min, max } = metricRange(metric)
  const unit = Object.hasOwn(metricCatalog, metric) ? metricCatalog[metric as KnownMetric].unit : ''
  return `${value} is outside ${min} to ${max}${unit ? ` ${unit}` : ''}`
}

// A value outside its metric's range would be stored, averaged and charted as if a sensor had
// measured it (two 1e308 overflow every sum over them). The issue carries the dead letter's reason.
function checkRanges(values: Record<string, number>, ctx: z.core.$RefinementCtx): void {
  for (const [metric, value] of Object.entries(values)) {
    if (isInMetricRange(metric, value)) continue
    ctx.addIssue({
      code: 'custom',
      message: rangeMessage(metric, value),
      path: [metric],
      params: { reason: OUT_OF_RANGE },
    })
  }
}

// JSON has no NaN or Infinity, but `1e999` parses to Infinity: any number gets through the type
// check so that the range check words every unusable number the same way (`out_of_range`).
const anyNumberSchema = z.custom<number>((v) => typeof v === 'number', {
  error: (issue) => {
    const v = issue.input
    const received = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v
    return `Invalid input: expected number, received ${received}`
  },
})

export const metricValuesSchema = z.preprocess(
  guardMetricKeys,
  z.record(metricNameSchema, anyNumberSchema).superRefine(checkRanges),
)

export const sensorTimestampSchema = z.union([isoDateTimeSchema, z.number()], {
  error: 'ts must be an ISO 8601 date-time with an offset, or epoch milliseconds',
})

export const sensorReadingSchema = z.object({
  ts: sensorTimestampSchema.optional(),
  values: metricValuesSchema,
})
export type SensorReading = z.infer<typeof sensorReadingSchema>

export const sensorReadingBatchSchema = z.array(sensorReadingSchema).min(1).max(SENSOR_MAX_READINGS)

/** The body of `ioc/v1/sensors/{deviceId}/readings`: one reading or an array of them. */
export const sensorPayloadSchema = z.union([sensorReadingSchema, sensorReadingBatchSchema])
export type SensorPayload = z.infer<typeof sensorPayloadSchema>
