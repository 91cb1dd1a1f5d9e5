import { z } from 'zod'
import { isoDateTimeSchema, localIdSchema } from './common.js'
import { cameraIdSchema, normalizedSchema } from './cameras.js'

const labelSchema = z.string().min(1).max(64)

// Normalised to the frame like zones, so boxes line up with the video tile at any display size.
export const boxSchema = z
  .tuple([normalizedSchema, normalizedSchema, normalizedSchema, normalizedSchema])
  .refine(([x1, y1, x2, y2]) => x1 <= x2 && y1 <= y2, {
    error: 'box is [x1, y1, x2, y2] with x1 <= x2, y1 <= y2',
  })
export type Box = z.infer<typeof boxSchema>

export const trackIdSchema = z.int().min(0)

export const detectionSchema = z.object({
  label: labelSchema,
  score: z.number().min(0).max(1),
  box: boxSchema,
  // Absent when the tracker has not (yet) matched the box to an object.
  trackId: trackIdSchema.optional(),
})
export type Detection = z.infer<typeof detectionSchema>

export const detectionFrameSchema = z.object({
  cameraId: cameraIdSchema,
  ts: isoDateTimeSchema,
  // Source size in pixels, for consumers that need pixel boxes (snapshots, exports).
  width: z.int().min(1),
  height: z.int().min(1),
  detections: z.array(detectionSchema).max(1000),
})
export type DetectionFrame = z.infer<typeof detectionFrameSchema>

export const countRowSchema = z.object({
  cameraId: cameraIdSchema,
  bucket: isoDateTimeSchema,
  label: labelSchema,
  // A count line's direction name; null for zone occupancy counts, which have no direction.
  direction: z.string().min(1).max(64).nullable(),
  count: z.int().min(0),
})
export type CountRow = z.infer<typeof countRowSchema>

// The answer of GET /api/cameras/{id}/counts: per bucket, label and direction, oldest first.
export const cameraCountsSchema = z.object({
  cameraId: cameraIdSchema,
  bucket: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(countRowSchema),
})
export type CameraCounts = z.infer<typeof cameraCountsSchema>

export const detectionEventKindSchema = z.enum(['person_in_zone', 'crowd', 'vehicle_stopped', 'wrong_way'])
export type DetectionEventKind = z.infer<typeof detectionEventKindSchema>

const eventBase = {
  cameraId: cameraIdSchema,
  ts: isoDateTimeSchema,
}

export const detectionEventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...eventBase,
    kind: z.literal('person_in_zone'),
    zoneId: localIdSchema,
    trackId: trackIdSchema,
    box: boxSchema,
  }),
  z.object({
    ...eventBase,
    kind: z.literal('crowd'),
    zoneId: localIdSchema,
    count: z.int().min(1),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('vehicle_stopped'),
    zoneId: localIdSchema,
    trackId: trackIdSchema,
    label: labelSchema,
    box: boxSchema,
    seconds: z.number().min(0),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('wrong_way'),
    lineId: localIdSchema,
    trackId: trackIdSchema,
    label: labelSchema,
    box: boxSchema,
    // The direction name of the crossing that was not allowed.
    direction: z.string().min(1).max(64),
  }),
])
export type DetectionEvent = z.infer<typeof detectionEventSchema>

// Compile-time check that the union and the kind enum name the same events.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const sameKinds: SameKeys<DetectionEvent['kind'], DetectionEventKind> = true
void sameKinds
