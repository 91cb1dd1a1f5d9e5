// Every MQTT stream of the platform, declared once: where it goes (filter and topic builder), what
// it carries (payload schema), how it is delivered (QoS, retained). Publishers and subscribers of
// both apps go through publishTo/decodeMessage, the way sockets go through serverEventSchemas.
import type { z } from 'zod'
import { cameraStatusSchema } from './cameras.js'
import { RESOURCE_ID_PATTERN } from './common.js'
import { detectionEventSchema, detectionFrameSchema } from './detections.js'
import { formatZodError } from './errors.js'
import { kpiValueInputBatchSchema } from './kpis.js'
import { serviceStatusSchema } from './service-status.js'
import { sensorPayloadSchema } from './sensor-payload-schema.js'
import { deviceStatusSchema, observationBatchSchema, type DeadLetterReason } from './sensors.js'

// Versioned root: a v2 payload gets new topics instead of breaking devices in the field.
const ROOT = 'ioc/v1'

/** How a stream's payload is written: JSON checked by a schema, or raw bytes (JPEG snapshots). */
type Codec<P> = { kind: 'json'; schema: z.ZodType<P, unknown> } | { kind: 'bytes' }

export interface MqttStream<K extends string, P> {
  /** `ioc/v1/...` with `{param}` levels, e.g. `ioc/v1/cameras/{cameraId}/status`. */
  readonly pattern: string
  /** The subscription filter: each `{param}` level as `+`. */
  readonly filter: string
  readonly params: readonly K[]
  readonly qos: 0 | 1
  /**
   * Retained: the broker keeps the latest message and hands it to every new subscriber; an empty
   * message clears it (a removed camera, a service that stopped cleanly), decoded as `null`.
   */
  readonly retain: boolean
  readonly codec: Codec<P>
  /** The concrete topic; ids are checked by the subscriber's decodeMessage, not here. */
  topic(params: Record<K, string>): string
  /** The params of a topic of this stream, or null for another topic or an id that is not one. */
  parseTopic(topic: string): Record<K, string> | null
}

function stream<P, const K extends string = never>(
  path: string,
  {
    idPattern = RESOURCE_ID_PATTERN,
    ...options
  }: { qos: 0 | 1; retain: boolean; codec: Codec<P>; idPattern?: RegExp },
): MqttStream<K, P> {
  const pattern = `${ROOT}/${path}`
  const levels = pattern.split('/')
  const params = levels.filter((l) => l.startsWith('{')).map((l) => l.slice(1, -1) as K)
  const re = new RegExp(
    `^${levels.map((l) => (l.startsWith('{') ? '([^/]+)' : l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`,
  )
  return {
    pattern,
    filter: levels.map((l) => (l.startsWith('{') ? '+' : l)).join('/'),
    params,
    ...options,
    topic: (values) => levels.map((l) => (l.startsWith('{') ? values[l.slice(1, -1) as K] : l)).join('/'),
    parseTopic: (topic) => {
      const m = typeof topic === 'string' ? re.exec(topic) : null
      if (!m) return null
      const out = {} as Record<K, string>
      for (const [i, name] of params.entries()) {
        const id = m[i + 1]!
        if (!idPattern.test(id)) return null
        out[name] = id
      }
      return out
    },
  }
}

const utf8Out = new TextEncoder()
const utf8In = new TextDecoder()

const json = <P>(schema: z.ZodType<P, unknown>): Codec<P> => ({ kind: 'json', schema })

export const streams = {
  /** Devices' readings (the ingest parses them on its fast path, sensor-payload.ts, with dead letters). */
  sensorReadings: stream<z.output<typeof sensorPayloadSchema>, 'deviceId'>('sensors/{deviceId}/readings', {
    qos: 1,
    retain: false,
    codec: json(sensorPayloadSchema),
  }),
  /**
   * What the ingest accepted, many observations a message: live fan-out and the rules. QoS 1 so
   * that the rules see every one (the live fan-out subscribes at QoS 0: it wants the latest).
   */
  liveObservations: stream('live/observations', {
    qos: 1,
    retain: false,
    codec: json(observationBatchSchema),
  }),
  /** KPI values from the province's systems (the body of POST /api/kpis/{id}/values). */
  kpiValues: stream<z.output<typeof kpiValueInputBatchSchema>, 'kpiId'>('kpis/{kpiId}', {
    qos: 1,
    retain: false,
    codec: json(kpiValueInputBatchSchema),
  }),
  cameraStatus: stream<z.output<typeof cameraStatusSchema>, 'cameraId'>('cameras/{cameraId}/status', {
    qos: 0,
    retain: true,
    codec: json(cameraStatusSchema),
  }),
  /** Boxes of each analysed frame: the first thing a slow link may lose. */
  detections: stream<z.output<typeof detectionFrameSchema>, 'cameraId'>('cameras/{cameraId}/detections', {
    qos: 0,
    retain: false,
    codec: json(detectionFrameSchema),
  }),
  /** What the detection rules evaluate (person in zone, crowd, vehicle stopped, wrong way). */
  detectionEvents: stream<z.output<typeof detectionEventSchema>, 'cameraId'>('cameras/{cameraId}/events', {
    qos: 1,
    retain: false,
    codec: json(detectionEventSchema),
  }),
  /** The latest JPEG of each camera, so the api serves it without asking the ingest. */
  cameraSnapshot: stream<Uint8Array, 'cameraId'>('cameras/{cameraId}/snapshot', {
    qos: 0,
    retain: true,
    codec: { kind: 'bytes' },
  }),
  /** Each device's online/offline transitions, from the ingest (the one definition, device-status.ts). */
  deviceStatus: stream<z.output<typeof deviceStatusSchema>, 'deviceId'>('devices/{deviceId}/status', {
    qos: 1,
    retain: true,
    codec: json(deviceStatusSchema),
  }),
  /** Each service instance's heartbeat; its will says it died without a goodbye. */
  serviceStatus: stream<z.output<typeof serviceStatusSchema>, 'service' | 'instance'>(
    'status/{service}/{instance}',
    // an instance is named by its host (`ingest-${hostname}`), not a resource id
    { qos: 1, retain: true, codec: json(serviceStatusSchema), idPattern: /^[^/+#\s]{1,128}$/ },
  ),
} as const

export type StreamName = keyof typeof streams
export type PayloadOf<S> = S extends MqttStream<string, infer P> ? P : never
export type ParamsOf<S> = S extends MqttStream<infer K, unknown> ? Record<K, string> : never

/** A shared subscription: each message of `filter` goes to one member of `group` only. */
export function sharedSubscription(group: string, filter: string): string {
  return `$share/${group}/${filter}`
}

/** The encoded payload and options of a message on `s`; `null` clears a retained stream. */
export function encodeMessage<K extends string, P>(
  s: MqttStream<K, P>,
  params: Record<K, string>,
  payload: P | null,
): { topic: string; payload: string | Uint8Array; options: { qos: 0 | 1; retain: boolean } } {
  if (payload === null && !s.retain) throw new Error(`${s.pattern} is not retained: nothing to clear`)
  // JSON as UTF-8 bytes: given a string, mqtt.js measures its UTF-8 length in a pass of its own first
  const body =
    payload === null
      ? ''
      : s.codec.kind === 'bytes'
        ? (payload as Uint8Array)
        : utf8Out.encode(JSON.stringify(payload))
  return { topic: s.topic(params), payload: body, options: { qos: s.qos, retain: s.retain } }
}

/** What publishes: an mqtt.js client, or the api's MqttService. */
export interface MqttPublisher {
  publish(
    topic: string,
    payload: string | Uint8Array,
    options: { qos: 0 | 1; retain: boolean },
    callback?: (err?: Error) => void,
  ): unknown
}

/** Publishes `payload` on `s` with the stream's QoS and retain flag. */
export function publishTo<K extends string, P>(
  client: MqttPublisher,
  s: MqttStream<K, P>,
  params: Record<K, string>,
  payload: P | null,
  /** Called once the broker has it (QoS 1) or it is written (QoS 0), with the error if not. */
  done?: (err?: Error) => void,
): void {
  const m = encodeMessage(s, params, payload)
  if (done) client.publish(m.topic, m.payload, m.options, done)
  else client.publish(m.topic, m.payload, m.options)
}

export type Decoded<K extends string, P> =
  | { ok: true; params: Record<K, string>; payload: P | null }
  | { ok: false; reason: DeadLetterReason; detail: string }

/**
 * A message of `s` checked once: its topic's ids, its payload against the schema (and against the
 * topic: a payload naming another id than its topic is refused), `null` for a cleared retained one.
 */
export function decodeMessage<K extends string, P>(
  s: MqttStream<K, P>,
  topic: string,
  bytes: Uint8Array,
  options: { maxBytes?: number } = {},
): Decoded<K, P> {
  const params = s.parseTopic(topic)
  if (!params) return { ok: false, reason: 'schema', detail: `topic ${topic} is not ${s.pattern}` }
  if (bytes.length === 0)
    return s.retain
      ? { ok: true, params, payload: null }
      : { ok: false, reason: 'schema', detail: 'empty payload' }
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes)
    return { ok: false, reason: 'too_large', detail: `${bytes.length} bytes, at most ${options.maxBytes}` }
  if (s.codec.kind === 'bytes') return { ok: true, params, payload: bytes as P }
  let value: unknown
  try {
    value = JSON.parse(utf8In.decode(bytes))
  } catch (err) {
    return { ok: false, reason: 'bad_json', detail: (err as Error).message }
  }
  const parsed = s.codec.schema.safeParse(value)
  if (!parsed.success) return { ok: false, reason: 'schema', detail: formatZodError(parsed.error).message }
  for (const [name, id] of Object.entries(params)) {
    const named = (parsed.data as Record<string, unknown> | null)?.[name]
    if (typeof named === 'string' && named !== id)
      return { ok: false, reason: 'schema', detail: `${name} ${named} in the payload, ${id} in the topic` }
  }
  return { ok: true, params, payload: parsed.data }
}
