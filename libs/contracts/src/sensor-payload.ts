import { formatPath, formatZodError } from './errors.js'
import { isoTimestamp } from './iso-time.js'
import { readingsOfCommonShape } from './sensor-payload-fast-path.js'
import {
  OUT_OF_RANGE,
  sensorReadingBatchSchema,
  sensorReadingSchema,
  type SensorReading,
} from './sensor-payload-schema.js'
import { SENSOR_MAX_METRICS, SENSOR_MAX_PAYLOAD_BYTES, SENSOR_MAX_READINGS } from './sensor-limits.js'
import type { DeadLetterReason, Observation } from './sensors.js'
import { streams } from './streams.js'

export { SENSOR_MAX_METRICS, SENSOR_MAX_PAYLOAD_BYTES, SENSOR_MAX_READINGS }
export { readingsOfCommonShape, type CommonShapeReading } from './sensor-payload-fast-path.js'
export * from './sensor-payload-schema.js'

export interface SensorParseOptions {
  /** Server clock, epoch ms: the time of readings without `ts` and the centre of the skew window. */
  now: number
  /** Readings further than this from `now`, either way, are rejected. */
  maxSkewMs: number
  maxBytes: number
  /** When given, a metric outside it rejects the message (e.g. the device's declared metrics). */
  knownMetrics?: ReadonlySet<string>
}

export type SensorParseResult =
  | { ok: true; deviceId: string; readings: Observation[] }
  | { ok: false; reason: DeadLetterReason; detail: string }

const DETAIL_MAX = 300

function clip(text: string, max = DETAIL_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function fail(reason: DeadLetterReason, detail: string): SensorParseResult {
  return { ok: false, reason, detail: clip(detail) }
}

function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

// one decoder for every message: a decode without `stream` keeps no state between calls
const utf8 = new TextDecoder('utf-8', { fatal: true })

function byteLength(raw: Uint8Array | string): number {
  return typeof raw === 'string' ? utf8Length(raw) : raw.byteLength
}

/**
 * Validates one MQTT sensor message. All or nothing: a message is either stored whole or becomes
 * one dead letter, so the dead-letter count says exactly how many messages were lost. Never throws,
 * whatever the topic or bytes.
 */
export function parseSensorPayload(
  topic: string,
  raw: Uint8Array | string,
  opts: SensorParseOptions,
): SensorParseResult {
  try {
    return parse(topic, raw, opts)
  } catch (err) {
    // Nothing above is expected to throw; if it does, the message still becomes a dead letter.
    return fail('schema', `unexpected error: ${err instanceof Error ? err.message : 'unknown'}`)
  }
}

function parse(topic: string, raw: Uint8Array | string, opts: SensorParseOptions): SensorParseResult {
  const deviceId = streams.sensorReadings.parseTopic(topic)?.deviceId ?? null
  if (deviceId === null) {
    return fail(
      'forbidden_topic',
      `topic "${clip(String(topic), 120)}" is not ioc/v1/sensors/{deviceId}/readings`,
    )
  }
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    return fail('bad_json', 'payload is neither text nor bytes')
  }
  // A string is never shorter in UTF-8 than in UTF-16 units: a huge one is refused without counting.
  if (typeof raw === 'string' && raw.length > opts.maxBytes) {
    return fail('too_large', `payload exceeds ${opts.maxBytes} bytes`)
  }
  const size = byteLength(raw)
  if (size > opts.maxBytes) return fail('too_large', `payload is ${size} bytes, limit ${opts.maxBytes}`)

  let text: string
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(raw)
  } catch {
    return fail('bad_json', 'payload is not valid UTF-8')
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return fail('bad_json', err instanceof Error ? err.message : 'payload is not JSON')
  }

  let batch: readonly SensorReading[] | null = readingsOfCommonShape(json)
  if (batch === null) {
    // Parsed by shape instead of through the union, so the detail names the field that is wrong
    // rather than "no union member matched".
    const parsed = Array.isArray(json)
      ? sensorReadingBatchSchema.safeParse(json)
      : sensorReadingSchema.safeParse(json)
    if (!parsed.success) {
      const onlyRanges = parsed.error.issues.every(
        (issue) => issue.code === 'custom' && issue.params?.reason === OUT_OF_RANGE,
      )
      return fail(onlyRanges ? 'out_of_range' : 'schema', formatZodError(parsed.error).message)
    }
    batch = Array.isArray(parsed.data) ? parsed.data : [parsed.data]
  }
  if (opts.knownMetrics) {
    const unknown = new Set<string>()
    for (const reading of batch) {
      for (const metric of Object.keys(reading.values))
        if (!opts.knownMetrics.has(metric)) unknown.add(metric)
    }
    if (unknown.size > 0)
      return fail('unknown_metric', `unknown metric(s): ${[...unknown].slice(0, 10).join(', ')}`)
  }

  const readings: Observation[] = []
  // indexed loops, no iterator or entry arrays: this runs for every message
  for (let i = 0; i < batch.length; i++) {
    const reading = batch[i]!
    const ms =
      reading.ts === undefined
        ? opts.now
        : typeof reading.ts === 'number'
          ? reading.ts
          : Date.parse(reading.ts)
    if (!Number.isFinite(ms) || Math.abs(ms - opts.now) > opts.maxSkewMs) {
      const skew = Number.isFinite(ms) ? `${Math.round(ms - opts.now)} ms` : 'an unreadable time'
      return fail(
        'ts_out_of_range',
        `${formatPath(Array.isArray(json) ? [i, 'ts'] : ['ts'])} is ${skew} from the server clock (limit ±${opts.maxSkewMs} ms)`,
      )
    }
    const ts = isoTimestamp(ms)
    for (const metric in reading.values)
      readings.push({ deviceId, metric, ts, value: reading.values[metric]! })
  }
  return { ok: true, deviceId, readings }
}

/** A printable, bounded excerpt of a payload for the dead-letter list; never throws. */
export function payloadPreview(raw: Uint8Array | string, maxChars = 200): string {
  try {
    const text =
      typeof raw === 'string'
        ? raw.slice(0, maxChars * 2)
        : new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(0, maxChars * 4))
    // Control characters would break log lines and table cells.
    // eslint-disable-next-line no-control-regex
    const printable = text.replace(/[\u0000-\u001f\u007f]/g, ' ')
    return printable.length <= maxChars ? printable : `${printable.slice(0, maxChars - 1)}…`
  } catch {
    return ''
  }
}
