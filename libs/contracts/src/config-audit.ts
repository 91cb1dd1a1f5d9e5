import { z } from 'zod'
import { requestOriginSchema } from './alerts.js'
import { isoDateTimeSchema } from './common.js'

// The trail of every configuration change (cameras, sensors, rules, users): who, when, what and
// from where. GET /api/{cameras|sensors|rules}/{id}/audit and GET /api/admin/users/{id}/audit,
// newest first, for admins. Secrets are never in `detail`: a changed password reads "changed".
export const configItemTypeSchema = z.enum(['camera', 'sensor', 'rule', 'user'])
export type ConfigItemType = z.infer<typeof configItemTypeSchema>

export const configAuditActionSchema = z.enum([
  'created',
  'updated',
  'deleted',
  'enabled',
  'disabled',
  'password_reset',
])
export type ConfigAuditAction = z.infer<typeof configAuditActionSchema>

export const configAuditEntrySchema = z.object({
  id: z.string().regex(/^[0-9]{1,19}$/),
  itemType: configItemTypeSchema,
  itemId: z.string().min(1).max(64),
  action: configAuditActionSchema,
  // the admin's username
  actor: z.string().min(1).max(64),
  at: isoDateTimeSchema,
  from: requestOriginSchema,
  // what changed: the fields given and their new values, secrets as "changed" / "cleared"
  detail: z.record(z.string(), z.unknown()),
})
export type ConfigAuditEntry = z.infer<typeof configAuditEntrySchema>

export const configAuditListSchema = z.object({ items: z.array(configAuditEntrySchema) })
export type ConfigAuditList = z.infer<typeof configAuditListSchema>

/** Field names whose values never go into the trail. */
const SECRET_FIELDS = new Set(['password', 'username', 'rtspUrl', 'secret'])

/**
 * The audit detail of a change: every field given, its value kept unless it is a secret (camera
 * credentials and URL, device and user passwords, webhook secrets), which reads "changed" or
 * "cleared". Nested objects are walked (a rule's webhook keeps its URL, not its secret).
 */
export function auditDetail(change: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue
    if (SECRET_FIELDS.has(key)) out[key] = value === null ? 'cleared' : 'changed'
    else if (value && typeof value === 'object' && !Array.isArray(value))
      out[key] = auditDetail(value as Record<string, unknown>)
    else out[key] = value
  }
  return out
}
