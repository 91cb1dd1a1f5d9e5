// Recordings: what a camera keeps of its stream (its mode and retention, part of the camera's
// record), the spans the api lists and the range of a clip. The segments themselves are written by
// the ingest's one ffmpeg per camera (stream copy) and indexed in recording_segments (migration 0009).
import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'

// continuous: every segment is kept for `retentionDays`; events: only segments within
// `preRollS` before to `postRollS` after a detection event or an alert of the camera; off: nothing
// is written (the camera's ffmpeg has no segment output at all).
export const recordingModeSchema = z.enum(['continuous', 'events', 'off'])
export type RecordingMode = z.infer<typeof recordingModeSchema>

export const cameraRecordingSchema = z.object({
  mode: recordingModeSchema,
  retentionDays: z.int().min(1).max(3650),
  preRollS: z.int().min(0).max(300),
  postRollS: z.int().min(0).max(600),
})
export type CameraRecording = z.infer<typeof cameraRecordingSchema>

/** A camera registered without a word on recording records nothing: disks fill by choice only. */
export const defaultCameraRecording: CameraRecording = {
  mode: 'off',
  retentionDays: 7,
  preRollS: 5,
  postRollS: 10,
}

/** An alert's clip: from this long before it was raised to this long after (dashboard and retention). */
export const alertClipWindow = { beforeS: 10, afterS: 20 } as const

/** The longest range `GET /api/cameras/{id}/recordings` lists and the longest clip cut at once. */
export const RECORDINGS_MAX_RANGE_S = 7 * 86400
export const CLIP_MAX_S = 15 * 60
/** Segments closer than this are one span (segments meet exactly; a restart leaves a gap). */
export const SPAN_JOIN_S = 1

const rangeOf = (maxS: number) =>
  z
    .object({ from: isoDateTimeSchema, to: isoDateTimeSchema })
    .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
      error: '"from" must be before "to"',
      path: ['from'],
    })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= maxS * 1000, {
      error: `at most ${maxS} s from "from" to "to"`,
      path: ['to'],
    })

export const recordingsQuerySchema = rangeOf(RECORDINGS_MAX_RANGE_S)
export type RecordingsQuery = z.infer<typeof recordingsQuerySchema>

// `token`: <video> cannot send headers (as live.flv)
export const clipQuerySchema = rangeOf(CLIP_MAX_S).safeExtend({ token: z.string().max(4096).optional() })
export type ClipQuery = z.infer<typeof clipQuerySchema>

export const recordingSpanSchema = z.object({ start: isoDateTimeSchema, end: isoDateTimeSchema })
export type RecordingSpan = z.infer<typeof recordingSpanSchema>

/** A mark on the timeline: an alert of the camera (its raise) or a detection event. */
export const recordingMarkSchema = z.object({
  at: isoDateTimeSchema,
  kind: z.enum(['alert', 'event']),
  /** The alert's id, or the detection event's kind. */
  ref: z.string().max(200),
  label: z.string().max(500),
})
export type RecordingMark = z.infer<typeof recordingMarkSchema>

/** GET /api/cameras/{id}/recordings: what is recorded in a range, as spans, with its marks. */
export const cameraRecordingsSchema = z.object({
  cameraId: z.string(),
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  mode: recordingModeSchema,
  spans: z.array(recordingSpanSchema),
  segments: z.int().min(0),
  bytes: z.number().min(0),
  marks: z.array(recordingMarkSchema),
})
export type CameraRecordings = z.infer<typeof cameraRecordingsSchema>

/** Joins time-ordered [start, end] pairs (ms) into spans, closer than SPAN_JOIN_S being one. */
export function joinSpans(
  segments: readonly { start: number; end: number }[],
): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = []
  for (const s of segments) {
    const last = spans.at(-1)
    if (last && s.start - last.end <= SPAN_JOIN_S * 1000) last.end = Math.max(last.end, s.end)
    else spans.push({ start: s.start, end: s.end })
  }
  return spans
}
