import { z } from 'zod'
import { cameraFailureSchema, cameraIdSchema, rtspTransportSchema, rtspUrlSchema } from './cameras.js'

// POST /api/cameras/test-connection: pull one frame from a camera before saving it. The
// credentials are used for this one attempt and never stored or answered. With `cameraId`, the
// stored camera's URL and credentials stand in for those not given (editing a camera whose
// password is never shown again).
export const cameraTestBodySchema = z
  .object({
    cameraId: cameraIdSchema.optional(),
    rtspUrl: rtspUrlSchema.optional(),
    username: z.string().min(1).max(128).optional().meta({ writeOnly: true }),
    password: z.string().min(1).max(256).optional().meta({ writeOnly: true }),
    transport: rtspTransportSchema.default('auto'),
  })
  .strict()
  .refine((b) => b.rtspUrl !== undefined || b.cameraId !== undefined, {
    error: 'give rtspUrl, or cameraId to test a stored camera',
    path: ['rtspUrl'],
  })
export type CameraTestBody = z.infer<typeof cameraTestBodySchema>
export type CameraTestBodyInput = z.input<typeof cameraTestBodySchema>

/** The answer comes within this, a snapshot or the reason. */
export const CAMERA_TEST_TIMEOUT_MS = 10_000

export const cameraTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    // one JPEG frame, base64
    jpeg: z.string().min(1),
    // the transport that worked (auto tries TCP, then UDP when the camera refuses TCP)
    transport: z.enum(['tcp', 'udp']),
    elapsedMs: z.int().min(0),
  }),
  z.object({
    ok: z.literal(false),
    reason: cameraFailureSchema,
    // ffmpeg's line that says why, without credentials
    message: z.string().max(500),
    elapsedMs: z.int().min(0),
  }),
])
export type CameraTestResult = z.infer<typeof cameraTestResultSchema>

/** The reason a pull failed, from the lines ffmpeg printed; null when none of them says. */
export function classifyCameraFailure(lines: readonly string[]): z.infer<typeof cameraFailureSchema> | null {
  const text = lines.join('\n')
  if (/\b401\b|Unauthorized|authorization failed/i.test(text)) return 'auth_failed'
  if (/\b404\b|Not Found|Name or service not known|name resolution/i.test(text)) return 'not_found'
  if (/Connection refused|\b461\b|Unsupported transport|No route to host|Network is unreachable/i.test(text))
    return 'refused'
  if (/timed out|timeout/i.test(text)) return 'timeout'
  // the camera answers but what it sends is no video (an encoder that stalled, an empty stream)
  if (/Invalid data found|could not find codec parameters/i.test(text)) return 'no_frames'
  return null
}
