import { createHmac } from 'node:crypto'
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@ioc/contracts'

/** A receiver gets this long to answer one attempt. */
const ATTEMPT_TIMEOUT_MS = 5_000

/** `sha256=<hex>`: HMAC-SHA256 of the exact bytes sent, keyed by the rule's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}

/** Scheme, host and port of a webhook URL: what the alert's detail shows (the path may be a token). */
export function webhookTarget(url: string): string {
  return new URL(url).origin
}

export type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string }

/**
 * The one place the api POSTs to the outside: one signed attempt, no redirects followed (a
 * redirect is the receiver's answer, not somewhere else to send the alert).
 */
export class WebhookSender {
  async attempt(url: string, secret: string, deliveryId: string, body: string): Promise<AttemptResult> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ioc-webhooks/1',
          [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(secret, body),
          [WEBHOOK_DELIVERY_HEADER]: deliveryId,
        },
        body,
      })
      await res.body?.cancel()
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status }
      return { ok: false, status: res.status, error: `HTTP ${res.status}` }
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } }
      return {
        ok: false,
        status: null,
        error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message),
      }
    }
  }
}
