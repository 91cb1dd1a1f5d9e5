import { z } from 'zod'
import { ruleCreateSchema } from './alerts.js'
import { isoDateTimeSchema } from './common.js'

// POST /api/rules/preview: replays a rule (saved or not) over the stored history of the last 24 h
// or 7 days through the rules engine itself, and says how often it would have fired and when.
// Sensor rules replay the stored readings, detection rules the stored detection events, offline
// rules the moments each device was heard (its readings' timestamps: statuses are not stored).
export const rulePreviewWindowSchema = z.enum(['24h', '7d'])
export type RulePreviewWindow = z.infer<typeof rulePreviewWindowSchema>
export const rulePreviewWindowMs: Readonly<Record<RulePreviewWindow, number>> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
}

export const rulePreviewBodySchema = z.object({
  rule: ruleCreateSchema,
  window: rulePreviewWindowSchema.default('24h'),
})
export type RulePreviewBody = z.infer<typeof rulePreviewBodySchema>
export type RulePreviewBodyInput = z.input<typeof rulePreviewBodySchema>

/** At most this many rows are replayed; beyond it the answer says `truncated`. */
export const RULE_PREVIEW_MAX_ROWS = 2_000_000
/** The firings listed one by one (the counts cover them all). */
export const RULE_PREVIEW_MAX_FIRINGS = 200

export const rulePreviewFiringSchema = z.object({
  at: isoDateTimeSchema,
  sourceId: z.string(),
  sourceName: z.string(),
  description: z.string(),
})
export type RulePreviewFiring = z.infer<typeof rulePreviewFiringSchema>

export const rulePreviewSchema = z.object({
  window: rulePreviewWindowSchema,
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  // readings, detection events or (offline rules) moments a device was heard, read from the history
  rowsReplayed: z.int().min(0),
  truncated: z.boolean(),
  // new alerts the rule would have opened (a raise while none of its alerts was active for that source)
  alerts: z.int().min(0),
  // every raise the engine gave, repeats of an active alert included (each refreshes it)
  raises: z.int().min(0),
  clears: z.int().min(0),
  // sources that would have had an alert
  sources: z.int().min(0),
  // when it fired, oldest first, at most RULE_PREVIEW_MAX_FIRINGS: the raises that opened an
  // alert, and for detection rules every raise (each is an occurrence; their alerts never clear
  // by themselves)
  firings: z.array(rulePreviewFiringSchema),
  // per hour (24h) or per day (7d), from `from`
  histogram: z.array(z.object({ start: isoDateTimeSchema, alerts: z.int().min(0), raises: z.int().min(0) })),
})
export type RulePreview = z.infer<typeof rulePreviewSchema>
