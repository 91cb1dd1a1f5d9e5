import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'

// A rule's webhook: alerts of the rule are POSTed there as JSON when raised and when escalated,
// signed with the secret, so a province can forward them to its messaging system. The secret is
// write-only: rule answers carry `hasSecret` instead.
export const ruleWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048),
  secret: z.string().min(16).max(256).optional(),
  // Set by the api in answers; ignored on input.
  hasSecret: z.boolean().optional(),
})
export type RuleWebhook = z.infer<typeof ruleWebhookSchema>

/** `x-ioc-signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the rule's secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-ioc-signature'
/** The delivery's id: the same on every retry of one delivery, so a receiver can drop repeats. */
export const WEBHOOK_DELIVERY_HEADER = 'x-ioc-delivery'

export const webhookEventSchema = z.enum(['alert.created', 'alert.escalated'])
export type WebhookEvent = z.infer<typeof webhookEventSchema>

export const webhookDeliveryStateSchema = z.enum(['pending', 'delivered', 'failed'])

// One delivery of one alert change to a rule's webhook, with its attempts, in the alert's detail.
export const alertWebhookDeliverySchema = z.object({
  id: z.string().min(1).max(32),
  event: webhookEventSchema,
  // The alert change delivered.
  seq: z.int().min(0),
  // Scheme, host and port only: the path of a messaging system's webhook URL is often its token.
  target: z.string().max(300),
  state: webhookDeliveryStateSchema,
  attempts: z.int().min(0),
  // The receiver's HTTP status of the last attempt, or why there was none (timeout, refused).
  lastStatus: z.int().nullable(),
  lastError: z.string().max(500).nullable(),
  updatedAt: isoDateTimeSchema,
})
export type AlertWebhookDelivery = z.infer<typeof alertWebhookDeliverySchema>
