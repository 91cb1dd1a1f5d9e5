import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import type {
  Alert,
  AlertChanged,
  AlertWebhookPayload,
  Rule,
  RuleWebhook,
  WebhookEvent,
} from '@ioc/contracts'
import {
  AlertsRepository,
  RulesRepository,
  WebhookDeliveriesRepository,
  type PendingDelivery,
} from '@ioc/db'
import { EscalationService } from '../escalation/escalation.service.js'
import { WebhookSender, webhookTarget } from './webhook-sender.js'

// Waits between attempts: 7 attempts over about a minute, enough for a receiver's restart.
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]
/** A replica holds a pending delivery this long after its latest attempt: above the longest wait. */
const CLAIM_MS = 120_000
/** How often a replica looks for deliveries whose replica died (their claim lapsed). */
const TAKEOVER_EVERY_MS = 30_000

/**
 * Rules' webhooks: each alert a rule raises (created, not repeats) and each escalation is POSTed
 * to the rule's webhook as JSON, signed, and retried with backoff until it is accepted (2xx) or
 * the attempts run out; each delivery and its attempts are recorded on the alert. The replica that
 * made the change delivers it, holding a claim on the delivery (renewed before each attempt, so a
 * replica that lost it sends nothing more); a delivery whose replica stopped (claim released) or
 * died (claim lapsed) is taken over by the next replica to look, or by the same one restarted.
 */
@Injectable()
export class WebhooksService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('alerts')
  private readonly sender = new WebhookSender()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly sleeping = new Set<() => void>()
  private stopped = false
  private timer: NodeJS.Timeout | undefined
  /** This process, as the holder of its claims. */
  private readonly holder = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  /** Tests shorten it. */
  retryDelaysMs: readonly number[] = RETRY_DELAYS_MS

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly alerts: AlertsRepository,
    private readonly rules: RulesRepository,
    private readonly escalation: EscalationService,
  ) {}

  onModuleInit(): void {
    this.escalation.onEscalated((change) => this.track(this.escalated(change.alert, change.seq)))
    void this.takeOver()
    this.timer = setInterval(() => void this.takeOver(), TAKEOVER_EVERY_MS)
    this.timer.unref()
  }

  async onModuleDestroy(): Promise<void> {
    // Deliveries waiting for their next attempt stay `pending`, released for another replica.
    clearInterval(this.timer)
    this.stopped = true
    for (const wake of this.sleeping) wake()
    await Promise.all(this.inFlight)
    await this.deliveries
      .release(this.holder)
      .catch((err: Error) => this.logger.warn(`cannot release the webhook deliveries: ${err.message}`))
  }

  /** Resumes the pending deliveries whose replica stopped or died. */
  async takeOver(): Promise<void> {
    if (this.stopped) return
    try {
      for (const pending of await this.deliveries.takeOver(this.holder, CLAIM_MS))
        this.track(this.resume(pending))
    } catch (err) {
      this.logger.warn(`cannot look for webhook deliveries to resume: ${(err as Error).message}`)
    }
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
    // Serialised once: every attempt, here or on the replica that takes it over, sends (and signs)
    // the same bytes.
    const { id, body } = await this.deliveries.open(
      { alertId: alert.id, seq, event, target: webhookTarget(webhook.url) },
      this.holder,
      CLAIM_MS,
      (deliveryId) => JSON.stringify({ event, deliveryId, seq, alert } satisfies AlertWebhookPayload),
    )
    await this.attempts(alert.id, id, body, webhook, 0)
  }

  private async resume(pending: PendingDelivery): Promise<void> {
    const alert = await this.alerts.get(pending.alertId)
    const rule = alert && (await this.rules.get(alert.ruleId))
    if (!alert || !rule?.webhook?.secret) {
      await this.deliveries.attempted(pending.id, {
        state: 'failed',
        status: null,
        error: 'the rule has no webhook any more',
      })
      return
    }
    const { id, event, seq } = pending
    const body = pending.body ?? JSON.stringify({ event, deliveryId: id, seq, alert } satisfies AlertWebhookPayload)
    this.logger.log(`alert ${alert.id}: webhook delivery ${id} resumed after ${pending.attempts} attempt(s)`)
    await this.attempts(alert.id, id, body, rule.webhook, pending.attempts)
  }

  private async attempts(
    alertId: string,
    deliveryId: string,
    body: string,
    webhook: RuleWebhook,
    first: number,
  ): Promise<void> {
    for (let attempt = first; ; attempt++) {
      if (attempt > first && !(await this.deliveries.renew(deliveryId, this.holder, CLAIM_MS))) {
        this.logger.warn(`alert ${alertId}: webhook delivery ${deliveryId} is another replica's now`)
        return
      }
      const result = await this.sender.attempt(webhook.url, webhook.secret!, deliveryId, body)
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
          `alert ${alertId}: webhook ${webhookTarget(webhook.url)} refused ${attempt + 1} times (${result.error}); given up`,
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
