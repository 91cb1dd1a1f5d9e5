import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'

// The command room's shifts, in the site's local time (Vietnam, UTC+7, no daylight saving): an
// alert belongs to the shift in which it was first seen.
export const SITE_UTC_OFFSET_HOURS = 7
export const alertShiftSchema = z.enum(['morning', 'afternoon', 'night'])
export type AlertShift = z.infer<typeof alertShiftSchema>
/** Each shift's first local hour; a shift lasts until the next one starts. */
export const shiftStartHours: Readonly<Record<AlertShift, number>> = { morning: 6, afternoon: 14, night: 22 }

/** The shift of a moment (local hours 06-14 morning, 14-22 afternoon, 22-06 night). */
export function shiftOf(at: Date): AlertShift {
  const hour = (at.getUTCHours() + SITE_UTC_OFFSET_HOURS) % 24
  if (hour >= shiftStartHours.morning && hour < shiftStartHours.afternoon) return 'morning'
  if (hour >= shiftStartHours.afternoon && hour < shiftStartHours.night) return 'afternoon'
  return 'night'
}

export const alertReportGroupBySchema = z.enum(['domain', 'district', 'shift'])
export type AlertReportGroupBy = z.infer<typeof alertReportGroupBySchema>

/** The longest period one report covers. */
export const REPORT_MAX_DAYS = 366

export const alertReportQuerySchema = z
  .object({
    from: isoDateTimeSchema,
    to: isoDateTimeSchema,
    groupBy: alertReportGroupBySchema.default('domain'),
    // `csv` (or `Accept: text/csv`) answers a CSV file instead of JSON.
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    error: '"from" must be before "to"',
    path: ['from'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= REPORT_MAX_DAYS * 86_400_000, {
    error: `a report covers at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  })
export type AlertReportQuery = z.infer<typeof alertReportQuerySchema>

// Over the alerts first seen in [from, to). Means are null when no alert of the group was
// acknowledged (or resolved), which is not the same as zero.
const figures = {
  total: z.int().min(0),
  acknowledged: z.int().min(0),
  resolved: z.int().min(0),
  // MTTA: first seen to acknowledged; MTTR: first seen to resolved by a person.
  meanTimeToAcknowledgeSeconds: z.number().min(0).nullable(),
  meanTimeToResolveSeconds: z.number().min(0).nullable(),
}

export const alertReportRowSchema = z.object({
  // The category (domain), the district (null: province-wide alerts) or the shift.
  key: z.string().nullable(),
  ...figures,
})
export type AlertReportRow = z.infer<typeof alertReportRowSchema>

export const alertReportSchema = z.object({
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  groupBy: alertReportGroupBySchema,
  rows: z.array(alertReportRowSchema),
  overall: z.object(figures),
})
export type AlertReport = z.infer<typeof alertReportSchema>
