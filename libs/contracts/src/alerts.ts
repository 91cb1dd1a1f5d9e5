import { z } from 'zod'
import {
  districtSchema,
  isoDateTimeSchema,
  localIdSchema,
  nameSchema,
  resourceIdSchema,
  usernameSchema,
} from './common.js'
import { alertWebhookDeliverySchema, ruleWebhookSchema, webhookEventSchema } from './alert-webhooks.js'
import { boxSchema, detectionEventKindSchema } from './detections.js'
import { deviceKindSchema, metricNameSchema } from './sensors.js'

// Ordered from most to least severe, as ThingsBoard lists them; `severityRank` sorts by it.
// The webhook and report contracts are part of the alerts' (re-exported here, so the entry point
// has them).
export * from './alert-webhooks.js'
export * from './alert-report.js'

export const alertSeveritySchema = z.enum(['critical', 'major', 'minor', 'warning', 'info'])
export type AlertSeverity = z.infer<typeof alertSeveritySchema>
export const severityRank: Readonly<Record<AlertSeverity, number>> = {
  critical: 0,
  major: 1,
  minor: 2,
  warning: 3,
  info: 4,
}

export const alertStatusSchema = z.enum(['active', 'cleared'])
export type AlertStatus = z.infer<typeof alertStatusSchema>

// FIWARE Smart Data Model `Alert` categories, plus `noise` (a city domain of its own here) and
// `system` for the platform's own failures, which belong to no city domain.
export const alertCategorySchema = z.enum([
  'traffic',
  'environment',
  'security',
  'naturalDisaster',
  'weather',
  'health',
  'agriculture',
  'noise',
  'system',
])
export type AlertCategory = z.infer<typeof alertCategorySchema>

// FIWARE names where FIWARE has one; the rest follow its camelCase style.
export const alertSubCategorySchema = z.enum([
  // traffic
  'trafficJam',
  'carAccident',
  'carWrongDirection',
  'carStopped',
  'roadClosed',
  'roadWorks',
  'hazardOnRoad',
  // environment, noise
  'airPollution',
  'waterPollution',
  'noisePollution',
  // natural disasters and weather, the ones Quảng Nam actually gets
  'flood',
  'landslide',
  'storm',
  'forestFire',
  'drought',
  'rainfall',
  'highTemperature',
  'strongWind',
  // security
  'intrusion',
  'crowd',
  'suspiciousAction',
  'buildingFire',
  // equipment and platform
  'deviceOffline',
  'cameraOffline',
  'serviceDegraded',
  'other',
])
export type AlertSubCategory = z.infer<typeof alertSubCategorySchema>

export const alertSourceTypeSchema = z.enum(['sensor', 'camera', 'device', 'system'])
export type AlertSourceType = z.infer<typeof alertSourceTypeSchema>

// Sequence numbers are what reconnecting clients resume from: plain safe integers, never strings.
export const seqSchema = z.int().min(0)
export const alertIdSchema = z.string().min(1).max(64)
// Alerts raised by the platform itself use fixed rule ids (e.g. "system-db"), hence no pattern.
const alertRuleIdSchema = z.string().min(1).max(64)

export const alertSchema = z.object({
  id: alertIdSchema,
  // The sequence number of the alert's latest change.
  seq: seqSchema,
  sourceType: alertSourceTypeSchema,
  sourceId: z.string().min(1).max(128),
  ruleId: alertRuleIdSchema,
  severity: alertSeveritySchema,
  status: alertStatusSchema,
  acknowledged: z.boolean(),
  category: alertCategorySchema,
  subCategory: alertSubCategorySchema,
  district: districtSchema.nullable(),
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  // How many times the condition fired while this alert was active (repeats do not create alerts).
  count: z.int().min(1),
  firstSeen: isoDateTimeSchema,
  lastSeen: isoDateTimeSchema,
  assignee: usernameSchema.nullable(),
  ackBy: usernameSchema.nullable(),
  ackAt: isoDateTimeSchema.nullable(),
  clearedAt: isoDateTimeSchema.nullable(),
})
export type Alert = z.infer<typeof alertSchema>

// `resolved` is an operator closing the alert; `cleared` is the rule seeing the condition end.
export const alertActionSchema = z.enum([
  'created',
  'repeated',
  'acknowledged',
  'assigned',
  'commented',
  'resolved',
  'cleared',
  // The system raised the severity of an alert nobody acknowledged in time (a rule's escalateAfterMin).
  'escalated',
])
export type AlertAction = z.infer<typeof alertActionSchema>

export const requestOriginSchema = z.object({
  ip: z.string().max(64).nullable(),
  userAgent: z.string().max(512).nullable(),
})
export type RequestOrigin = z.infer<typeof requestOriginSchema>

export const alertEventSchema = z.object({
  seq: seqSchema,
  alertId: alertIdSchema,
  action: alertActionSchema,
  // A username, or "system" for changes made by rules.
  actor: z.string().min(1).max(64),
  at: isoDateTimeSchema,
  // Null for changes made by the system rather than through a request.
  from: requestOriginSchema.nullable(),
  // What changed: {text} for comments, {assignee} for assignments, {value} for repeats, ...
  detail: z.record(z.string(), z.unknown()),
})
export type AlertEvent = z.infer<typeof alertEventSchema>

// Query strings arrive as "a,b", as repeated keys (an array) or as a single value.
function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
        : value,
    z.array(item).min(1).max(20),
  )
}

export const alertListQuerySchema = z
  .object({
    status: listParam(alertStatusSchema).optional(),
    severity: listParam(alertSeveritySchema).optional(),
    category: listParam(alertCategorySchema).optional(),
    district: districtSchema.optional(),
    acknowledged: z.stringbool().optional(),
    sinceSeq: z.coerce.number().int().min(0).optional(),
    // The next page back in time: alerts whose latest change is numbered below it, newest first.
    beforeSeq: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => q.sinceSeq === undefined || q.beforeSeq === undefined, {
    message: 'sinceSeq (what changed after) or beforeSeq (older alerts), not both',
    path: ['beforeSeq'],
  })
export type AlertListQuery = z.infer<typeof alertListQuerySchema>
export type AlertListQueryInput = z.input<typeof alertListQuerySchema>

export const assignBodySchema = z.object({
  // null removes the assignment.
  assignee: usernameSchema.nullable(),
})
export type AssignBody = z.infer<typeof assignBodySchema>

export const commentBodySchema = z.object({
  text: z.string().trim().min(1).max(2000),
})
export type CommentBody = z.infer<typeof commentBodySchema>

export const resolveBodySchema = z.object({
  note: z.string().trim().max(2000).optional(),
})
export type ResolveBody = z.infer<typeof resolveBodySchema>

// Absent fields do not filter; present ones must all match, and the values inside one field are
// alternatives: {deviceKinds: ['air_quality'], districts: ['Hội An']} is every air station of Hội An.
export const targetSelectorSchema = z.object({
  sourceIds: z.array(resourceIdSchema).min(1).max(1000).optional(),
  deviceKinds: z.array(deviceKindSchema).min(1).optional(),
  districts: z.array(districtSchema).min(1).max(100).optional(),
})
export type TargetSelector = z.infer<typeof targetSelectorSchema>

/** What a target selector sees of a sensor, device or camera. */
export interface TargetSource {
  id: string
  /** The device kind (air_quality, ...) or the camera kind (traffic, security). */
  kind: string | null
  district: string | null
}

/**
 * The severity an escalation gives: the rule's `target` when that is more severe than `current`
 * (else `current`), without a target one step up. Critical stays critical: the alert is still
 * pushed again, since nobody has acknowledged it.
 */
export function escalatedSeverity(current: AlertSeverity, target?: AlertSeverity): AlertSeverity {
  if (target !== undefined) return severityRank[target] < severityRank[current] ? target : current
  const up = Math.max(0, severityRank[current] - 1)
  return alertSeveritySchema.options[up]!
}

/** Absent fields do not filter; present ones must all match (the rules and the map's thresholds). */
export function matchesTarget(target: TargetSelector, source: TargetSource): boolean {
  if (target.sourceIds && !target.sourceIds.includes(source.id)) return false
  if (target.deviceKinds && !(target.deviceKinds as readonly string[]).includes(source.kind ?? ''))
    return false
  if (target.districts && !target.districts.includes(source.district ?? '')) return false
  return true
}

export const ruleKindSchema = z.enum(['threshold', 'rate_of_change', 'offline', 'detection'])
export type RuleKind = z.infer<typeof ruleKindSchema>

export const thresholdOpSchema = z.enum(['gt', 'gte', 'lt', 'lte'])
export type ThresholdOp = z.infer<typeof thresholdOpSchema>

export const thresholdParamsSchema = z.object({
  metric: metricNameSchema,
  op: thresholdOpSchema,
  value: z.number(),
  // The condition must hold this long before an alert fires (PM2.5 > 75 for 5 min).
  forSeconds: z.int().min(0).max(86_400).default(0),
  // The value must come back this far past the threshold to clear, so noise near it does not flap.
  hysteresis: z.number().min(0).default(0),
})
export type ThresholdParams = z.infer<typeof thresholdParamsSchema>

export const rateOfChangeParamsSchema = z.object({
  metric: metricNameSchema,
  // Positive fires on a rise faster than this, negative on a fall faster than its absolute value.
  deltaPerMinute: z.number().refine((v) => v !== 0, { error: 'deltaPerMinute must not be 0' }),
  windowSeconds: z.int().min(60).max(86_400).default(300),
})
export type RateOfChangeParams = z.infer<typeof rateOfChangeParamsSchema>

export const offlineParamsSchema = z.object({
  afterSeconds: z
    .int()
    .min(10)
    .max(7 * 86_400),
})
export type OfflineParams = z.infer<typeof offlineParamsSchema>

export const detectionParamsSchema = z.object({
  event: detectionEventKindSchema,
  zoneId: localIdSchema.optional(),
  minCount: z.int().min(1).optional(),
  minSeconds: z.number().min(0).optional(),
})
export type DetectionParams = z.infer<typeof detectionParamsSchema>

export const ruleIdSchema = resourceIdSchema

const ruleCommon = {
  id: ruleIdSchema,
  name: nameSchema,
  enabled: z.boolean().default(true),
  severity: alertSeveritySchema,
  category: alertCategorySchema,
  subCategory: alertSubCategorySchema,
  target: targetSelectorSchema.default({}),
  // Unacknowledged this many minutes after it was first seen, an alert of this rule is escalated
  // once: its severity raised one step, or to `escalateTo` when that is higher, audited as the
  // system's `escalated` and pushed again (the wall sounds again). Fractions allowed (0.5 = 30 s).
  escalateAfterMin: z.number().min(0.05).max(10_080).optional(),
  escalateTo: alertSeveritySchema.optional(),
  webhook: ruleWebhookSchema.optional(),
}

const thresholdRule = z.object({ ...ruleCommon, kind: z.literal('threshold'), params: thresholdParamsSchema })
const rateRule = z.object({
  ...ruleCommon,
  kind: z.literal('rate_of_change'),
  params: rateOfChangeParamsSchema,
})
const offlineRule = z.object({ ...ruleCommon, kind: z.literal('offline'), params: offlineParamsSchema })
const detectionRule = z.object({ ...ruleCommon, kind: z.literal('detection'), params: detectionParamsSchema })

export const ruleSchema = z.discriminatedUnion('kind', [thresholdRule, rateRule, offlineRule, detectionRule])
export type Rule = z.infer<typeof ruleSchema>

// GET /api/rules: the valid rules (stored rules that no longer parse are listed apart, as `invalid`).
export const invalidRuleSchema = z.object({ id: z.string(), message: z.string() })
export type InvalidRule = z.infer<typeof invalidRuleSchema>
export const ruleListSchema = z.object({ items: z.array(ruleSchema), invalid: z.array(invalidRuleSchema) })
export type RuleList = z.infer<typeof ruleListSchema>

// On creation the server picks an id from the name when none is given.
const optionalId = { id: ruleIdSchema.optional() }
export const ruleCreateSchema = z.discriminatedUnion('kind', [
  thresholdRule.extend(optionalId),
  rateRule.extend(optionalId),
  offlineRule.extend(optionalId),
  detectionRule.extend(optionalId),
])
export type RuleCreate = z.infer<typeof ruleCreateSchema>
export type RuleCreateInput = z.input<typeof ruleCreateSchema>

// A camera alert's picture: `raised` is the snapshot of the moment the alert was raised, `latest`
// that of its latest repeat (GET /api/alerts/{id}/snapshot.jpg?kind=).
export const alertEvidenceKindSchema = z.enum(['raised', 'latest'])
export type AlertEvidenceKind = z.infer<typeof alertEvidenceKindSchema>

export const alertEvidenceSchema = z.object({
  kind: alertEvidenceKindSchema,
  // The alert change (created or repeated) it belongs to.
  seq: seqSchema,
  // When the camera's snapshot reached the api, and when the detection happened: the snapshot is
  // the camera's nearest to the detection (cameras send one every few seconds).
  takenAt: isoDateTimeSchema,
  detectedAt: isoDateTimeSchema,
  // The boxes drawn on it, normalised to the frame.
  boxes: z.array(boxSchema),
})
export type AlertEvidence = z.infer<typeof alertEvidenceSchema>

export const alertSnapshotQuerySchema = z.object({ kind: alertEvidenceKindSchema.default('raised') })
export type AlertSnapshotQuery = z.infer<typeof alertSnapshotQuerySchema>

/** One alert with its audit trail, oldest change first, and its pictures (camera alerts). */
export const alertDetailSchema = z.object({
  alert: alertSchema,
  events: z.array(alertEventSchema),
  evidence: z.array(alertEvidenceSchema).default([]),
  // Deliveries to the rule's webhook, oldest first.
  webhooks: z.array(alertWebhookDeliverySchema).default([]),
})
export type AlertDetail = z.infer<typeof alertDetailSchema>

// The list answer carries the latest sequence number, so a client knows where to resume from.
export const alertListSchema = z.object({
  items: z.array(alertSchema),
  seq: seqSchema,
})
export type AlertList = z.infer<typeof alertListSchema>

export const alertStatsQuerySchema = z
  .object({
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
    category: listParam(alertCategorySchema).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    error: '"from" must not be after "to"',
    path: ['from'],
  })
export type AlertStatsQuery = z.infer<typeof alertStatsQuerySchema>

// Means over the alerts first seen in [from, to); null when no alert of the window was acknowledged
// (or resolved) yet, which is not the same as zero.
export const alertStatsSchema = z.object({
  from: isoDateTimeSchema.nullable(),
  to: isoDateTimeSchema.nullable(),
  total: z.int().min(0),
  acknowledged: z.int().min(0),
  resolved: z.int().min(0),
  meanTimeToAcknowledgeSeconds: z.number().min(0).nullable(),
  meanTimeToResolveSeconds: z.number().min(0).nullable(),
  activeBySeverity: z.record(alertSeveritySchema, z.int().min(0)),
})
export type AlertStats = z.infer<typeof alertStatsSchema>

// A partial rule: the kind cannot change (create another rule instead), params are replaced whole.
export const rulePatchSchema = z
  .object({
    name: nameSchema,
    enabled: z.boolean(),
    severity: alertSeveritySchema,
    category: alertCategorySchema,
    subCategory: alertSubCategorySchema,
    target: targetSelectorSchema,
    params: z.record(z.string(), z.unknown()),
    // null removes the escalation.
    escalateAfterMin: ruleCommon.escalateAfterMin.unwrap().nullable(),
    escalateTo: alertSeveritySchema.nullable(),
    // Replaced whole; without `secret`, the current secret stays. null removes the webhook.
    webhook: ruleWebhookSchema.nullable(),
  })
  .partial()
  .strict()
export type RulePatch = z.infer<typeof rulePatchSchema>

// The body POSTed to a rule's webhook (signed, see WEBHOOK_SIGNATURE_HEADER).
export const alertWebhookPayloadSchema = z.object({
  event: webhookEventSchema,
  deliveryId: z.string().min(1).max(32),
  seq: seqSchema,
  alert: alertSchema,
})
export type AlertWebhookPayload = z.infer<typeof alertWebhookPayloadSchema>
