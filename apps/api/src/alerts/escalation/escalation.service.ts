import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { escalatedSeverity, type Alert, type Rule } from '@ioc/contracts'
import { AlertsRepository } from '@ioc/db'
import { LiveService } from '../../live/live.service.js'
import { EscalationTimers, escalationDueAt, type DueEscalation } from './escalation-timers.js'

// How often the database is read for the alerts to watch: those raised by another replica or
// before a restart, and rules whose escalation changed. Alerts raised here are watched at once.
const SWEEP_MS = 15_000

/**
 * Escalation of alerts nobody acknowledged in time (a rule's escalateAfterMin): a timer per watched
 * alert; when it fires, the database escalates the alert if it is still active, unacknowledged and
 * not escalated (so several replicas escalate it once), audited as the system's `escalated`, and
 * the change is pushed like any other, so the wall sounds again.
 */
@Injectable()
export class EscalationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('alerts')
  private readonly timers = new EscalationTimers((due) => void this.escalate(due))
  private sweeper: NodeJS.Timeout | undefined
  private sweeping: Promise<void> | null = null
  private readonly escalating = new Set<Promise<void>>()
  /** Listeners of each escalation that went through (webhooks). */
  private readonly listeners: ((change: { alert: Alert; seq: number }) => void)[] = []

  constructor(
    private readonly repo: AlertsRepository,
    private readonly live: LiveService,
  ) {}

  onModuleInit(): void {
    void this.sweep()
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS)
    this.sweeper.unref()
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper)
    this.timers.clear()
    await this.sweeping
    await Promise.all(this.escalating)
  }

  /** A rule of this replica raised `alert`: watched from now, without waiting for the sweep. */
  watch(alert: Alert, rule: Pick<Rule, 'escalateAfterMin' | 'escalateTo'>): void {
    if (rule.escalateAfterMin === undefined || alert.acknowledged) return
    this.timers.schedule({
      alertId: alert.id,
      dueAt: escalationDueAt(alert.firstSeen, rule.escalateAfterMin),
      afterMin: rule.escalateAfterMin,
      escalateTo: rule.escalateTo ?? null,
    })
  }

  onEscalated(listener: (change: { alert: Alert; seq: number }) => void): void {
    this.listeners.push(listener)
  }

  /** Reads what to watch now (tests call it instead of waiting for the next sweep). */
  sweep(): Promise<void> {
    this.sweeping ??= this.load().finally(() => (this.sweeping = null))
    return this.sweeping
  }

  private async load(): Promise<void> {
    try {
      const candidates = await this.repo.escalationCandidates()
      this.timers.retain(new Set(candidates.map((c) => c.alert.id)))
      for (const c of candidates)
        this.timers.schedule({
          alertId: c.alert.id,
          dueAt: escalationDueAt(c.alert.firstSeen, c.afterMin),
          afterMin: c.afterMin,
          escalateTo: c.escalateTo,
        })
    } catch (err) {
      this.logger.warn(`cannot read the alerts to escalate: ${(err as Error).message}`)
    }
  }

  private escalate(due: DueEscalation): Promise<void> {
    const run = (async () => {
      const change = await this.repo.escalate(
        due.alertId,
        (current) => escalatedSeverity(current, due.escalateTo ?? undefined),
        { afterMinutes: due.afterMin },
      )
      if (!change) return
      this.logger.log(
        `alert ${change.alert.id} escalated to ${change.alert.severity}: unacknowledged for ${due.afterMin} min`,
      )
      this.live.alertChanged(change)
      for (const listener of this.listeners) listener(change)
    })()
      .catch((err: Error) => this.logger.warn(`alert ${due.alertId}: escalation failed: ${err.message}`))
      .finally(() => this.escalating.delete(run))
    this.escalating.add(run)
    return run
  }
}
