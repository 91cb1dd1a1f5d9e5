import { z } from 'zod'

// An offset is required: devices and operators send local time (+07:00), and a time without one
// would be read in whatever zone the receiving process happens to run in.
export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with seconds and an offset, e.g. 2025-06-01T07:00:00+07:00',
})

export const latitudeSchema = z.number().min(-90).max(90)
export const longitudeSchema = z.number().min(-180).max(180)

// Device and camera ids end up as MQTT topic levels, Socket.IO room names, URL path segments and
// RTMP stream names, so they must never contain `/`, `+`, `#`, spaces or upper case.
export const RESOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/
export const resourceIdSchema = z.string().regex(RESOURCE_ID_PATTERN, {
  error: 'must be 2-64 characters of a-z, 0-9, "_" or "-", starting with a letter or digit',
})

// Zones and lines are named inside one camera only, so a single character ("a") is enough.
export const localIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  error: 'must be 1-64 characters of a-z, 0-9, "_" or "-", starting with a letter or digit',
})

// Names, districts and usernames are one line of text: a control character (NUL, newline, an ANSI
// escape) in one is a mistake or an attack, and PostgreSQL cannot store NUL at all.
// (The pattern carries the length and no u flag: z.templateLiteral, e.g. the room names, is built
// from the last pattern of its parts.)
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/
const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(new RegExp(`^[^\\x00-\\x1f\\x7f-\\x9f]{1,${max}}$`), {
      error: `must be 1-${max} characters, none a control character (NUL, line break, escape)`,
    })

export const nameSchema = singleLine(200)
export const districtSchema = singleLine(100)
export const usernameSchema = singleLine(64)

export const localizedTextSchema = z.object({
  vi: singleLine(500),
  en: singleLine(500),
})
export type LocalizedText = z.infer<typeof localizedTextSchema>

// The buckets the continuous aggregates (1 min, 1 h) can answer cheaply, plus multiples of them.
export const bucketSchema = z.enum(['1m', '5m', '15m', '1h', '1d'])
export type Bucket = z.infer<typeof bucketSchema>

export const timeRangeQuerySchema = z
  .object({
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
    bucket: bucketSchema.default('1m'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    error: '"from" must not be after "to"',
    path: ['from'],
  })
export type TimeRangeQuery = z.infer<typeof timeRangeQuerySchema>

export const uniqueBy =
  <T>(key: (item: T) => unknown) =>
  (items: readonly T[]): boolean =>
    new Set(items.map(key)).size === items.length
