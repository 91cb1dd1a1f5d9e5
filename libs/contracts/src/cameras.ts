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
import { hasUrlCredentials, redactUrlCredentials } from './urls.js'

export const cameraIdSchema = resourceIdSchema
export const cameraKindSchema = z.enum(['traffic', 'security'])
export type CameraKind = z.infer<typeof cameraKindSchema>

// `auto` lets ffmpeg try UDP then TCP; cameras behind NAT or lossy links need `tcp` pinned.
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
})
export type CountLine = z.infer<typeof countLineSchema>

const cameraFields = {
  id: cameraIdSchema,
  name: nameSchema,
  kind: cameraKindSchema,
  lat: latitudeSchema,
  lon: longitudeSchema,
  district: districtSchema,
  // 5 fps is Frigate's default for detection: enough to track people and vehicles, cheap on CPU.
  detectFps: z.int().min(1).max(30).default(5),
  modelId: modelIdSchema.default(DEFAULT_MODEL_ID),
  transport: rtspTransportSchema.default('auto'),
  enabled: z.boolean().default(true),
  zones: z
    .array(zoneSchema)
    .max(32)
    .refine(
      uniqueBy((zone: Zone) => zone.id),
      { error: 'zone ids must be unique' },
    )
    .default([]),
  lines: z
    .array(countLineSchema)
    .max(32)
    .refine(
      uniqueBy((line: CountLine) => line.id),
      { error: 'line ids must be unique' },
    )
    .default([]),
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

export const cameraStatusSchema = z.object({
  cameraId: cameraIdSchema,
  state: cameraStateSchema,
  // Why the camera is not online; null while it is.
  reason: cameraFailureSchema.nullable(),
  at: isoDateTimeSchema,
  // Free text from ffmpeg or the decoder; the producer redacts URLs before filling it.
  detail: z.string().max(500).optional(),
})
export type CameraStatus = z.infer<typeof cameraStatusSchema>

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
