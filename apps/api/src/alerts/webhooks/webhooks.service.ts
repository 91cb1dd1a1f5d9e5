import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import type {
  Alert,
  AlertChanged,
  AlertWebhookPayload,
  Rule,
  RuleWebhook,
  WebhookEvent,
} from '@ioc/contracts'
import { RulesRepository, WebhookDeliveriesRepository } from '@ioc/db'
import { EscalationService } from '../escalation/escalation.service.js'
import { WebhookSender, webhookTarget } from './webhook-sender.js'

// Waits between attempts: 7 attempts over about a minute, enough for a receiver's restart.
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]

/**
 * Rules' webhooks: each alert a rule raises (created, not repeats) and each escalation is POSTed
 * to the rule's webhook as JSON, signed, and retried with backoff until it is accepted (2xx) or
 * the attempts run out; each delivery and its attempts are recorded on the alert. The replica that
 * made the change delivers it, so each change is delivered by one process.
 */
@Injectable()
export class WebhooksService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('alerts')
  private readonly sender = new WebhookSender()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly sleeping = new Set<() => void>()
  private stopped = false
  /** Tests shorten it. */
  retryDelaysMs: readonly number[] = RETRY_DELAYS_MS

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly rules: RulesRepository,
    private readonly escalation: EscalationService,
  ) {}

  onModuleInit(): void {
    this.escalation.onEscalated((change) => this.track(this.escalated(change.alert, change.seq)))
  }

  async onModuleDestroy(): Promise<void> {
    // Deliveries waiting for their next attempt stay `pending`: the api is stopping.
    this.stopped = true
    for (const wake of this.sleeping) wake()
    await Promise.all(this.inFlight)
  }

  /** The rules runtime raised or repeated an alert of `rule`. */
  raised(change: AlertChanged, rule: Pick<Rule, 'webhook'>): void {
    if (change.action !== 'created' || !rule.webhook?.secret) return
    this.track(this.deliver(change.alert, change.seq, 'alert.created', rule.webhook))
  }

  /** Resolves once every delivery under way has ended (delivered, failed or stopped). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight)
  }

  private async escalated(alert: Alert, seq: number): Promise<void> {
    const rule = await this.rules.get(alert.ruleId)
    if (rule?.webhook?.secret) await this.deliver(alert, seq, 'alert.escalated', rule.webhook)
  }

  private track(work: Promise<void>): void {
    const run = work
      .catch((err: Error) => this.logger.warn(`webhook delivery failed: ${err.message}`))
      .finally(() => this.inFlight.delete(run))
    this.inFlight.add(run)
  }

  private async deliver(alert: Alert, seq: number, event: WebhookEvent, webhook: RuleWebhook): Promise<void> {
    const secret = webhook.secret!
    const deliveryId = await this.deliveries.open(alert.id, seq, event, webhookTarget(webhook.url))
    const payload: AlertWebhookPayload = { event, deliveryId, seq, alert }
    // Serialised once: every attempt sends (and signs) the same bytes.
    const body = JSON.stringify(payload)
    for (let attempt = 0; ; attempt++) {
      const result = await this.sender.attempt(webhook.url, secret, deliveryId, body)
      const last = attempt >= this.retryDelaysMs.length
      const state = result.ok ? 'delivered' : last ? 'failed' : 'pending'
      await this.deliveries.attempted(deliveryId, {
        state,
        status: result.status,
        error: result.ok ? null : result.error,
      })
      if (result.ok) return
      if (last) {
        this.logger.warn(
          `alert ${alert.id}: webhook ${webhookTarget(webhook.url)} refused ${attempt + 1} times (${result.error}); given up`,
        )
        return
      }
      if (!(await this.sleep(this.retryDelaysMs[attempt]!))) return
    }
  }

  /** false when the api stops meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false)
    return new Promise((ok) => {
      const wake = () => {
        clearTimeout(timer)
        this.sleeping.delete(wake)
        ok(!this.stopped)
      }
      const timer = setTimeout(wake, ms)
      this.sleeping.add(wake)
    })
  }
}
