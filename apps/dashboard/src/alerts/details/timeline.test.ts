import { describe, expect, it } from 'vitest'
import type { AlertEvent } from '@ioc/contracts'
import { eventNote, shortAgent, timelineEntries } from './timeline.js'

let seq = 0
const ev = (action: AlertEvent['action'], detail: Record<string, unknown> = {}): AlertEvent => ({
  seq: ++seq,
  alertId: '7',
  action,
  actor: action === 'created' || action === 'repeated' || action === 'cleared' ? 'system' : 'traffic',
  at: new Date(Date.UTC(2026, 11, 3, 8, seq)).toISOString(),
  from: null,
  detail,
})

describe('timelineEntries', () => {
  it('lists newest first and folds runs of repeats into one line', () => {
    const created = ev('created', { metric: 'pm25', value: 80 })
    const r1 = ev('repeated')
    const r2 = ev('repeated')
    const r3 = ev('repeated')
    const ack = ev('acknowledged')
    const r4 = ev('repeated')
    const cleared = ev('cleared')
    expect(timelineEntries([created, r1, r2, r3, ack, r4, cleared])).toEqual([
      { kind: 'event', event: cleared },
      { kind: 'event', event: r4 },
      { kind: 'event', event: ack },
      { kind: 'repeats', first: r1, last: r3, count: 3 },
      { kind: 'event', event: created },
    ])
  })
})

describe('eventNote', () => {
  it('shows comments, notes and readings', () => {
    expect(eventNote(ev('commented', { text: 'Đã cử CSGT tới' }))).toEqual({ text: 'Đã cử CSGT tới' })
    expect(eventNote(ev('resolved', { note: 'Thông xe' }))).toEqual({ text: 'Thông xe' })
    expect(eventNote(ev('created', { metric: 'water_level_cm', value: 262, observedAt: 'x' }))).toEqual({
      metric: 'water_level_cm',
      value: 262,
    })
    expect(eventNote(ev('acknowledged'))).toBeNull()
  })
})

describe('shortAgent', () => {
  it('names the browser and system', () => {
    expect(
      shortAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 · Linux')
    expect(shortAgent('curl/8.5.0')).toBeNull()
    expect(shortAgent(null)).toBeNull()
  })
})
