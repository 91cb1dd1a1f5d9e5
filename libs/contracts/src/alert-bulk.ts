import { z } from 'zod'
import {
  alertIdSchema,
  alertSchema,
  assignBodySchema,
  commentBodySchema,
  resolveBodySchema,
} from './alerts.js'
import { uniqueBy } from './common.js'

// What a person does to an alert: the single-alert routes (POST /api/alerts/{id}/ack|assign|comment|
// resolve) take the same fields in their bodies; POST /api/alerts/bulk names the kind.
export const alertOperatorActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acknowledge') }),
  z.object({ kind: z.literal('assign'), ...assignBodySchema.shape }),
  z.object({ kind: z.literal('comment'), ...commentBodySchema.shape }),
  z.object({ kind: z.literal('resolve'), ...resolveBodySchema.shape }),
])
export type AlertOperatorAction = z.infer<typeof alertOperatorActionSchema>

/** Most alerts one bulk request changes (a console selects a page of them). */
export const BULK_MAX_IDS = 500

export const alertBulkBodySchema = z.object({
  ids: z
    .array(alertIdSchema)
    .min(1)
    .max(BULK_MAX_IDS)
    // Each id gets one result; an id twice would be two answers for one alert.
    .refine(
      uniqueBy((id) => id),
      { error: 'must not name an alert twice' },
    ),
  action: alertOperatorActionSchema,
})
export type AlertBulkBody = z.infer<typeof alertBulkBodySchema>
export type AlertBulkBodyInput = z.input<typeof alertBulkBodySchema>

// One result per id, in the order of the request. A refusal carries the code and message the
// single-alert route would have answered (alert_not_found, forbidden, alert_state_conflict,
// validation_failed), so the console shows the same reason either way.
export const alertBulkResultSchema = z.discriminatedUnion('ok', [
  z.object({ id: alertIdSchema, ok: z.literal(true), alert: alertSchema }),
  z.object({
    id: alertIdSchema,
    ok: z.literal(false),
    code: z.string().min(1).max(100),
    message: z.string(),
  }),
])
export type AlertBulkResult = z.infer<typeof alertBulkResultSchema>

export const alertBulkAnswerSchema = z.object({
  items: z.array(alertBulkResultSchema),
  // How many of `items` changed and how many were refused.
  succeeded: z.int().min(0),
  failed: z.int().min(0),
})
export type AlertBulkAnswer = z.infer<typeof alertBulkAnswerSchema>
