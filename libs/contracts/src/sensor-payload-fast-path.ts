import { isoDateTimeSchema } from './common.js'
import { SENSOR_MAX_METRICS, SENSOR_MAX_READINGS } from './sensor-limits.js'
import { isInMetricRange, METRIC_NAME_PATTERN } from './sensors.js'

// The shape every well-behaved sensor sends, checked by hand because zod costs about a
// microsecond per reading (its copies of each object, and their garbage) on the ingest's one
// event loop, at tens of thousands of readings a second. It accepts only what the schema of
// sensor-payload.ts accepts and returns exactly what that schema would; anything else (errors,
// extra keys, exotic values) returns null and goes through the schema, which also words the
// dead letter's reason. test: apps/ingest/test/sensor-payload-fast-path.test.ts compares both.

// zod's own regular expression for `z.iso.datetime({ offset: true })`, not a copy of it. Should a
// zod release stop exposing it, no string time passes here and the schema decides them all.
const isoDateTime: RegExp = isoDateTimeSchema._zod.def.pattern ?? /(?!)/

export interface CommonShapeReading {
  ts?: string | number
  values: Record<string, number>
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function validValues(values: unknown): boolean {
  if (!isPlainRecord(values)) return false
  let count = 0
  for (const key in values) {
    // METRIC_NAME_PATTERN starts with a letter, so it also keeps out `__proto__` and array-like keys
    if (!METRIC_NAME_PATTERN.test(key)) return false
    const value = values[key]
    // out of range (or not finite): the schema words the dead letter
    if (typeof value !== 'number' || !isInMetricRange(key, value)) return false
    count++
  }
  return count > 0 && count <= SENSOR_MAX_METRICS
}

function validReading(r: unknown): r is CommonShapeReading {
  if (!isPlainRecord(r)) return false
  let keys = 0
  for (const key in r) {
    // an extra key is accepted (and stripped) by the schema: let the schema do it
    if (key !== 'values' && key !== 'ts') return false
    keys++
  }
  if (!validValues(r.values)) return false
  if (keys === 1) return true
  const ts = r.ts
  if (typeof ts === 'number') return Number.isFinite(ts)
  if (typeof ts !== 'string') return false
  isoDateTime.lastIndex = 0
  return isoDateTime.test(ts)
}

/**
 * The readings of a parsed JSON payload of the common shape (one `{ts?, values}` or an array of
 * 1 to 1000 of them, as the schema has it), or null when the schema must decide. Objects parsed by
 * JSON.parse are plain, with own enumerable keys only, which is what `for ... in` relies on.
 */
export function readingsOfCommonShape(json: unknown): CommonShapeReading[] | null {
  if (!Array.isArray(json)) return validReading(json) ? [json] : null
  if (json.length === 0 || json.length > SENSOR_MAX_READINGS) return null
  for (const r of json) if (!validReading(r)) return null
  return json as CommonShapeReading[]
}
