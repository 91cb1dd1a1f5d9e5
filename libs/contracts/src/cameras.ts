import { z } from 'zod'
import {
  districtSchema,
  isoDateTimeSchema,
  latitudeSchema,
  localIdSchema,
  longitudeSchema,
  nameSchema,
  resourceIdSchema,
  uniqueBy,
} from './common.js'
import { cameraRecordingSchema, defaultCameraRecording } from './recordings.js'
import { hasUrlCredentials, redactUrlCredentials } from './urls.js'

export const cameraIdSchema = resourceIdSchema
export const cameraKindSchema = z.enum(['traffic', 'security'])
export type CameraKind = z.infer<typeof cameraKindSchema>

// `auto`: TCP first (no loss, passes NAT), UDP when the camera refuses TCP (461 Unsupported
// Transport); `tcp` or `udp` pins one.
export const rtspTransportSchema = z.enum(['tcp', 'udp', 'auto'])
export type RtspTransport = z.infer<typeof rtspTransportSchema>

export const DEFAULT_MODEL_ID = 'yolox_nano'
export const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
  error: 'model ids are 1-64 characters of a-z, 0-9, ".", "_" or "-"',
})

// Geometry is stored normalised to the frame (0..1) so it survives a change of stream resolution.
export const normalizedSchema = z.number().min(0).max(1)
export const normalizedPointSchema = z.tuple([normalizedSchema, normalizedSchema])
export type NormalizedPoint = z.infer<typeof normalizedPointSchema>

export const zoneKindSchema = z.enum(['restricted', 'crowd', 'lane'])
export type ZoneKind = z.infer<typeof zoneKindSchema>

export const zoneSchema = z.object({
  id: localIdSchema,
  name: nameSchema,
  kind: zoneKindSchema,
  points: z.array(normalizedPointSchema).min(3).max(64),
  // `crowd` zones: an event when more persons than this stand inside (detection's default: 10).
  crowdAbove: z.int().min(1).max(10000).optional(),
  // `lane` zones: an event when a vehicle stands still inside longer than this (detection's default: 30 s).
  stoppedAfterS: z.number().positive().max(3600).optional(),
})
export type Zone = z.infer<typeof zoneSchema>

const directionNameSchema = z.string().trim().min(1).max(64)

export const countLineSchema = z.object({
  id: localIdSchema,
  name: nameSchema,
  points: z
    .tuple([normalizedPointSchema, normalizedPointSchema])
    .refine(([a, b]) => a[0] !== b[0] || a[1] !== b[1], { error: 'a count line needs two distinct points' }),
  // Sides are those of the segment points[0] -> points[1] as seen on screen (y grows downwards);
  // the names are what operators read in counts, e.g. "Hướng Tam Kỳ" / "Hướng Hội An".
  directions: z.object({
    leftToRight: directionNameSchema,
    rightToLeft: directionNameSchema,
  }),
  // A one-way road: the only direction allowed; a crossing the other way is a `wrong_way` event.
  // Absent means both directions are allowed.
  oneWay: z.enum(['leftToRight', 'rightToLeft']).optional(),
})
export type CountLine = z.infer<typeof countLineSchema>

const zonesSchema = z
  .array(zoneSchema)
  .max(32)
  .refine(
    uniqueBy((zone: Zone) => zone.id),
    { error: 'zone ids must be unique' },
  )
const linesSchema = z
  .array(countLineSchema)
  .max(32)
  .refine(
    uniqueBy((line: CountLine) => line.id),
    { error: 'line ids must be unique' },
  )
const detectFpsSchema = z.int().min(1).max(30)

const cameraFields = {
  id: cameraIdSchema,
  name: nameSchema,
  kind: cameraKindSchema,
  lat: latitudeSchema,
  lon: longitudeSchema,
  district: districtSchema,
  // 5 fps is Frigate's default for detection: enough to track people and vehicles, cheap on CPU.
  detectFps: detectFpsSchema.default(5),
  modelId: modelIdSchema.default(DEFAULT_MODEL_ID),
  transport: rtspTransportSchema.default('auto'),
  enabled: z.boolean().default(true),
  zones: zonesSchema.default([]),
  lines: linesSchema.default([]),
  // What the camera's ffmpeg records of the stream (recordings.ts); off unless asked.
  recording: cameraRecordingSchema.default(defaultCameraRecording),
}

function isRtspUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'rtsp:' || url.protocol === 'rtsps:') && url.hostname !== ''
  } catch {
    return false
  }
}

// The URL must parse: a password with `/`, `#` or `@` belongs in `password`, not in the URL, where
// every parser (ffmpeg's included) would read it differently.
export const rtspUrlSchema = z.string().trim().max(2048).refine(isRtspUrl, {
  error: 'must be an rtsp:// or rtsps:// URL with a host (percent-encode the user info)',
})

const writeOnly = { writeOnly: true } as const

export const cameraCreateSchema = z.object({
  ...cameraFields,
  rtspUrl: rtspUrlSchema.meta(writeOnly),
  username: z.string().min(1).max(128).optional().meta(writeOnly),
  password: z.string().min(1).max(256).optional().meta(writeOnly),
})
export type CameraCreate = z.infer<typeof cameraCreateSchema>
export type CameraCreateInput = z.input<typeof cameraCreateSchema>

// A change to a camera: only the fields given change (no defaults here, unlike creation); `null`
// clears the user name or password.
export const cameraUpdateSchema = z
  .object({
    name: nameSchema,
    kind: cameraKindSchema,
    lat: latitudeSchema,
    lon: longitudeSchema,
    district: districtSchema,
    detectFps: detectFpsSchema,
    modelId: modelIdSchema,
    transport: rtspTransportSchema,
    enabled: z.boolean(),
    zones: zonesSchema,
    lines: linesSchema,
    recording: cameraRecordingSchema,
    rtspUrl: rtspUrlSchema.meta(writeOnly),
    username: z.string().min(1).max(128).nullable().meta(writeOnly),
    password: z.string().min(1).max(256).nullable().meta(writeOnly),
  })
  .partial()
  .strict()
export type CameraUpdate = z.infer<typeof cameraUpdateSchema>

// RTSP credentials never leave the server: parsing a stored camera through this schema strips
// `rtspUrl`, `username` and `password`, and a redacted URL that still holds secrets is refused.
export const cameraSchema = z.object({
  ...cameraFields,
  rtspUrlRedacted: z
    .string()
    .max(2048)
    .refine((url) => !hasUrlCredentials(url), { error: 'must not contain credentials' })
    .optional(),
})
export type Camera = z.infer<typeof cameraSchema>

/** The public shape of a camera: everything but its credentials. */
export function toPublicCamera(camera: CameraCreate): Camera {
  return cameraSchema.parse({ ...camera, rtspUrlRedacted: redactUrlCredentials(camera.rtspUrl) })
}

export const cameraStateSchema = z.enum(['connecting', 'online', 'degraded', 'offline'])
export type CameraState = z.infer<typeof cameraStateSchema>

export const cameraFailureSchema = z.enum([
  'refused',
  'auth_failed',
  'timeout',
  'no_frames',
  'not_found',
  'unknown',
])
export type CameraFailure = z.infer<typeof cameraFailureSchema>

export const cameraHealthSchema = z.object({
  cameraId: cameraIdSchema,
  ts: isoDateTimeSchema,
  fpsIn: z.number().min(0),
  fpsOut: z.number().min(0),
  bitrateKbps: z.number().min(0),
  // Unknown until the first frame has been decoded.
  width: z.int().min(1).nullable(),
  height: z.int().min(1).nullable(),
  lastFrameAt: isoDateTimeSchema.nullable(),
  restarts: z.int().min(0),
})
export type CameraHealth = z.infer<typeof cameraHealthSchema>

export const cameraStatusSchema = z.object({
  cameraId: cameraIdSchema,
  state: cameraStateSchema,
  // Why the camera is not online; null while it is.
  reason: cameraFailureSchema.nullable(),
  at: isoDateTimeSchema,
  // Free text from ffmpeg or the decoder; the producer redacts URLs before filling it.
  detail: z.string().max(500).optional(),
  // The pipeline's figures at that moment, when the producer has them (see cameraHealthSchema).
  health: cameraHealthSchema.optional(),
})
export type CameraStatus = z.infer<typeof cameraStatusSchema>

/** A camera as GET /api/cameras answers it: its public fields and its latest status (null before any). */
export const cameraViewSchema = cameraSchema.extend({ status: cameraStatusSchema.nullable() })
export type CameraView = z.infer<typeof cameraViewSchema>
