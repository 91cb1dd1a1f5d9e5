import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { escalatedSeverity } from '@ioc/contracts'
import { EscalationTimers, escalationDueAt, type DueEscalation } from './escalation-timers.js'

const t0 = Date.parse('2026-01-05T01:00:00Z')
const min = 60_000

describe('escalation timers, on a fake clock', () => {
  let fired: DueEscalation[]
  let timers: EscalationTimers
  beforeEach(() => {
    vi.useFakeTimers({ now: t0 })
    fired = []
    timers = new EscalationTimers((due) => fired.push(due))
  })
  afterEach(() => {
    timers.clear()
    vi.useRealTimers()
  })

  it('escalates an alert unacknowledged for N minutes at N minutes, once', () => {
    const dueAt = escalationDueAt(new Date(t0).toISOString(), 5)
    expect(dueAt).toBe(t0 + 5 * min)
    timers.schedule({ alertId: '7', dueAt, afterMin: 5, escalateTo: null })
    vi.advanceTimersByTime(5 * min - 1)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(1)
    expect(fired).toEqual([{ alertId: '7', dueAt, afterMin: 5, escalateTo: null }])
    expect(escalatedSeverity('major', fired[0]!.escalateTo ?? undefined)).toBe('critical')
    vi.advanceTimersByTime(60 * min)
    expect(fired).toHaveLength(1)
    expect(timers.size).toBe(0)
  })

  it('fires at once for an alert already past due (found by the sweep after a restart)', () => {
    timers.schedule({ alertId: '8', dueAt: t0 - 3 * min, afterMin: 2, escalateTo: 'critical' })
    vi.advanceTimersByTime(0)
    expect(fired.map((f) => f.alertId)).toEqual(['8'])
  })

  it('forgets an alert no longer watched (acknowledged) and moves a rescheduled one', () => {
    timers.schedule({ alertId: '1', dueAt: t0 + 2 * min, afterMin: 2, escalateTo: null })
    timers.schedule({ alertId: '2', dueAt: t0 + 2 * min, afterMin: 2, escalateTo: null })
    timers.retain(new Set(['2']))
    // the rule now says 10 minutes: the alert is due later
    timers.schedule({ alertId: '2', dueAt: t0 + 10 * min, afterMin: 10, escalateTo: null })
    vi.advanceTimersByTime(9 * min)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(1 * min)
    expect(fired.map((f) => [f.alertId, f.afterMin])).toEqual([['2', 10]])
  })

  it('waits in steps for an escalation beyond what one setTimeout holds', () => {
    const far = t0 + 30 * 24 * 60 * min
    timers.schedule({ alertId: '9', dueAt: far, afterMin: 30 * 24 * 60, escalateTo: null })
    vi.advanceTimersByTime(25 * 24 * 60 * min)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(5 * 24 * 60 * min)
    expect(fired.map((f) => f.alertId)).toEqual(['9'])
  })
})
