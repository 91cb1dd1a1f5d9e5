import { z } from 'zod'
import { alertActionSchema, alertSchema, seqSchema } from './alerts.js'
import { cameraIdSchema, cameraStatusSchema } from './cameras.js'
import { districtSchema } from './common.js'
import { detectionFrameSchema } from './detections.js'
import { errorBodySchema, formatZodError, type ErrorBody } from './errors.js'
import { healthSchema } from './health.js'
import { cityKpisSchema, kpiValueSchema } from './kpis.js'
import type { User } from './roles.js'
import { observationSchema } from './sensors.js'

export const socketAuthSchema = z.object({ token: z.string().min(1) })
export type SocketAuth = z.infer<typeof socketAuthSchema>

export const socketDomainSchema = z.enum(['alerts', 'readings', 'kpis', 'cameras', 'health'])
export type SocketDomain = z.infer<typeof socketDomainSchema>

// Rooms are plain strings because that is what Socket.IO (and its Redis adapter) routes on. A
// client receives an event sent to any of its rooms; detection frames go to camera rooms only,
// since broadcasting every camera's boxes to every screen would swamp tablets.
export const roomSchema = z.union([
  z.templateLiteral(['domain:', socketDomainSchema]),
  z.templateLiteral(['district:', districtSchema]),
  z.templateLiteral(['camera:', cameraIdSchema]),
])
export type Room = z.infer<typeof roomSchema>

export const rooms = {
  domain: (domain: SocketDomain): Room => `domain:${domain}`,
  district: (district: string): Room => `district:${district}`,
  camera: (cameraId: string): Room => `camera:${cameraId}`,
} as const

export const alertChangedSchema = z.object({
  seq: seqSchema,
  action: alertActionSchema,
  alert: alertSchema,
})
export type AlertChanged = z.infer<typeof alertChangedSchema>

// Observations coalesced by the api over a short window: one event instead of hundreds a second.
export const readingsBatchSchema = z.object({
  observations: z.array(observationSchema).max(10_000),
})
export type ReadingsBatch = z.infer<typeof readingsBatchSchema>

/** The payload schema of every server-to-client event; the dashboard parses each arrival with it. */
export const serverEventSchemas = {
  'alert:changed': alertChangedSchema,
  'kpi:value': kpiValueSchema,
  // The live city indicators, whole, at most once a second and only when one of them changed.
  'kpis:city': cityKpisSchema,
  'readings:batch': readingsBatchSchema,
  'camera:status': cameraStatusSchema,
  'detections:frame': detectionFrameSchema,
  health: healthSchema,
  // Sent once before the server closes a connection it refuses to serve (see socketErrorCodes).
  error: errorBodySchema,
} as const

// Codes of socket acks and of the `error` event, besides commonErrorCodes.
export const socketErrorCodes = {
  // A connection sent more events than the api serves one client; it is disconnected.
  rateLimited: 'socket_rate_limited',
  // A subscribe would take the connection past its room limit; nothing of it was joined.
  tooManyRooms: 'socket_too_many_rooms',
} as const

export type ServerEventName = keyof typeof serverEventSchemas
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>

export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void
}

/** Validates an arriving server event; a bad payload is reported, never cast. */
export function parseServerEvent<E extends ServerEventName>(
  event: E,
  payload: unknown,
): { ok: true; data: ServerEventPayload<E> } | { ok: false; error: ErrorBody } {
  const schema: z.ZodType<ServerEventPayload<E>> = serverEventSchemas[event] as unknown as z.ZodType<
    ServerEventPayload<E>
  >
  const parsed = schema.safeParse(payload)
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: formatZodError(parsed.error) }
}

export const subscribeRequestSchema = z.object({
  rooms: z.array(roomSchema).min(1).max(100),
})
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>

export const alertsSinceRequestSchema = z.object({ sinceSeq: seqSchema })
export type AlertsSinceRequest = z.infer<typeof alertsSinceRequestSchema>

// `complete: false` means more changed than one answer carries: reload the list over REST.
export const alertsSinceResponseSchema = z.object({
  alerts: z.array(alertSchema),
  seq: seqSchema,
  complete: z.boolean(),
})
export type AlertsSinceResponse = z.infer<typeof alertsSinceResponseSchema>

export const subscribeResponseSchema = z.object({ rooms: z.array(roomSchema) })
export type SubscribeResponse = z.infer<typeof subscribeResponseSchema>

/** Every ack answers either the result or the API's one error body. */
export function ackResultSchema<T extends z.ZodObject>(result: T) {
  return z.discriminatedUnion('ok', [
    result.extend({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), error: errorBodySchema }),
  ])
}
export type AckResult<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody }

/** Payload schemas of the client-to-server events, for the gateway to validate before acting. */
export const clientEventSchemas = {
  subscribe: subscribeRequestSchema,
  unsubscribe: subscribeRequestSchema,
  'alerts:since': alertsSinceRequestSchema,
} as const

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: AckResult<SubscribeResponse>) => void) => void
  unsubscribe: (request: SubscribeRequest, ack?: (result: AckResult<SubscribeResponse>) => void) => void
  'alerts:since': (request: AlertsSinceRequest, ack: (result: AckResult<AlertsSinceResponse>) => void) => void
}

export type InterServerEvents = Record<never, never>

export interface SocketData {
  user: User
}
