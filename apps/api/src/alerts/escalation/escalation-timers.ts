import type { AlertSeverity } from '@ioc/contracts'

/** An alert due for escalation at `dueAt` (ms since the epoch), and how its rule escalates. */
export interface DueEscalation {
  alertId: string
  dueAt: number
  afterMin: number
  escalateTo: AlertSeverity | null
}

/** The moment an alert first seen at `firstSeen` is escalated by a rule of `afterMin` minutes. */
export const escalationDueAt = (firstSeen: string, afterMin: number): number =>
  Date.parse(firstSeen) + Math.round(afterMin * 60_000)

// setTimeout holds at most 2^31 - 1 ms (24.8 days); a later escalation waits in steps.
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * One timer per watched alert, firing at its due time (at once when already past). Scheduling the
 * same alert again moves its timer; `retain` drops the alerts no longer watched (acknowledged,
 * cleared, escalated elsewhere, their rule changed). Whether the escalation still applies when it
 * fires is the database's decision, not this class's.
 */
export class EscalationTimers {
  private readonly timers = new Map<string, { dueAt: number; timer: NodeJS.Timeout }>()

  constructor(
    private readonly fire: (due: DueEscalation) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.timers.size
  }

  schedule(due: DueEscalation): void {
    const current = this.timers.get(due.alertId)
    if (current?.dueAt === due.dueAt) return
    if (current) clearTimeout(current.timer)
    const arm = () => {
      const wait = due.dueAt - this.now()
      const timer = setTimeout(
        () => {
          if (due.dueAt > this.now()) return arm()
          this.timers.delete(due.alertId)
          this.fire(due)
        },
        Math.min(Math.max(0, wait), MAX_DELAY_MS),
      )
      timer.unref()
      this.timers.set(due.alertId, { dueAt: due.dueAt, timer })
    }
    arm()
  }

  retain(alertIds: ReadonlySet<string>): void {
    for (const [id, { timer }] of this.timers)
      if (!alertIds.has(id)) {
        clearTimeout(timer)
        this.timers.delete(id)
      }
  }

  clear(): void {
    this.retain(new Set())
  }
}
