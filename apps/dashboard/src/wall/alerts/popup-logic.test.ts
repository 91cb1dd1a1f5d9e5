import { describe, expect, it } from 'vitest'
import type { Alert, AlertAction, AlertChanged, AlertSeverity } from '@ioc/contracts'
import { ackBlock } from './ack-rule.js'
import {
  defaultPopupConfig,
  emptyPopupState,
  hide,
  onAlertChange,
  onTick,
  popupConfigFromSearch,
  shouldPop,
  shown,
  tickerAlerts,
} from './popup-logic.js'

let seq = 0
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  seq: ++seq,
  sourceType: 'sensor',
  sourceId: 'water-level-hoian-01',
  ruleId: 'water-level-above-250',
  severity: 'critical',
  status: 'active',
  acknowledged: false,
  category: 'naturalDisaster',
  subCategory: 'flood',
  district: 'Hội An',
  title: 'Mực nước > 250 cm',
  description: '',
  count: 1,
  firstSeen: '2026-12-01T10:00:00+07:00',
  lastSeen: '2026-12-01T10:00:00+07:00',
  assignee: null,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
  ...over,
})
const change = (action: AlertAction, a: Alert): AlertChanged => ({ seq: a.seq, action, alert: a })
const config = { severities: ['critical', 'major'] as AlertSeverity[], repeatEveryMs: 60_000 }

describe('which alerts pop up', () => {
  it('new active unacknowledged alerts of the chosen severities, nothing else', () => {
    expect(shouldPop(change('created', alert('a')), config)).toBe(true)
    expect(shouldPop(change('created', alert('b', { severity: 'major' })), config)).toBe(true)
    expect(shouldPop(change('created', alert('c', { severity: 'minor' })), config)).toBe(false)
    expect(shouldPop(change('repeated', alert('d')), config)).toBe(false)
    expect(shouldPop(change('created', alert('e', { acknowledged: true })), config)).toBe(false)
    expect(
      shouldPop(change('created', alert('f', { severity: 'minor' })), { ...config, severities: ['minor'] }),
    ).toBe(true)
  })

  it('sound once on arrival, show the most severe first, and close on acknowledgement', () => {
    let s = onAlertChange(
      emptyPopupState,
      change('created', alert('major-1', { severity: 'major' })),
      0,
      config,
    )
    expect(s.sound).toBe(true)
    s = onAlertChange(s.state, change('created', alert('crit-1')), 1000, config)
    expect(s.sound).toBe(true)
    expect(shown(s.state)).toMatchObject({ alert: { id: 'crit-1' }, waiting: 1 })
    // a repeat of a shown alert updates it silently
    s = onAlertChange(s.state, change('repeated', alert('crit-1', { count: 3 })), 2000, config)
    expect(s.sound).toBe(false)
    expect(shown(s.state).alert?.count).toBe(3)
    // cleared by its rule but not acknowledged: still shown
    s = onAlertChange(s.state, change('cleared', alert('crit-1', { status: 'cleared' })), 3000, config)
    expect(shown(s.state).alert?.id).toBe('crit-1')
    s = onAlertChange(s.state, change('acknowledged', alert('crit-1', { acknowledged: true })), 4000, config)
    expect(s.sound).toBe(false)
    expect(shown(s.state)).toMatchObject({ alert: { id: 'major-1' }, waiting: 0 })
  })
})

describe('the repeat sound', () => {
  it('sounds again every repeatEveryMs while unacknowledged, once for all alerts due', () => {
    let state = onAlertChange(emptyPopupState, change('created', alert('a')), 0, config).state
    state = onAlertChange(state, change('created', alert('b')), 10_000, config).state
    expect(onTick(state, 59_999, config).sound).toBe(false)
    const first = onTick(state, 60_000, config)
    expect(first.sound).toBe(true)
    // b is due 10 s later, on its own timer
    const second = onTick(first.state, 70_000, config)
    expect(second.sound).toBe(true)
    expect(onTick(second.state, 80_000, config).sound).toBe(false)
    expect(onTick(second.state, 120_000, config).sound).toBe(true)
  })

  it('stops once the alert is acknowledged, and brings back an alert put aside', () => {
    let state = onAlertChange(emptyPopupState, change('created', alert('a')), 0, config).state
    state = hide(state, 'a')
    expect(shown(state).alert).toBeNull()
    const due = onTick(state, 60_000, config)
    expect(due.sound).toBe(true)
    expect(shown(due.state).alert?.id).toBe('a')
    state = onAlertChange(
      due.state,
      change('acknowledged', alert('a', { acknowledged: true })),
      61_000,
      config,
    ).state
    expect(onTick(state, 10 * 60_000, config).sound).toBe(false)
  })
})

describe('configuration and the ticker', () => {
  it('reads the severities and the repeat period from the display URL', () => {
    expect(popupConfigFromSearch('?popup=critical,minor&repeatMin=2')).toEqual({
      severities: ['critical', 'minor'],
      repeatEveryMs: 120_000,
    })
    expect(popupConfigFromSearch('?popup=nonsense&repeatMin=-1')).toEqual(defaultPopupConfig)
  })

  it('lists active alerts, most severe first, then the most recent', () => {
    const list = tickerAlerts([
      alert('old-major', { severity: 'major', lastSeen: '2026-12-01T09:00:00+07:00' }),
      alert('cleared', { status: 'cleared' }),
      alert('new-major', { severity: 'major', lastSeen: '2026-12-01T11:00:00+07:00' }),
      alert('info', { severity: 'info' }),
      alert('crit'),
    ])
    expect(list.map((a) => a.id)).toEqual(['crit', 'new-major', 'old-major', 'info'])
  })

  it('names why a user may not acknowledge', () => {
    const flood = alert('a')
    expect(ackBlock({ role: 'operator', district: null }, flood)).toBeNull()
    expect(ackBlock({ role: 'leader', district: null }, flood)).toEqual({ kind: 'leader' })
    expect(ackBlock({ role: 'traffic', district: null }, flood)).toEqual({ kind: 'category' })
    expect(ackBlock({ role: 'operator', district: 'Tam Kỳ' }, flood)).toEqual({
      kind: 'district',
      district: 'Tam Kỳ',
    })
  })
})

describe('escalation', () => {
  it('sounds again and shows an alert escalated while nobody acknowledged it, even one put aside', () => {
    const minor = alert('esc-1', { severity: 'minor' })
    // a minor alert does not pop; escalated to major it does
    let step = onAlertChange(emptyPopupState, change('created', minor), 0, config)
    expect(step.sound).toBe(false)
    step = onAlertChange(step.state, change('escalated', { ...minor, severity: 'major' }), 1000, config)
    expect(step.sound).toBe(true)
    expect(shown(step.state).alert?.severity).toBe('major')
    // put aside, then escalated again: it sounds and comes back at once, not after repeatEveryMs
    const aside = hide(step.state, 'esc-1')
    expect(shown(aside).alert).toBeNull()
    step = onAlertChange(aside, change('escalated', { ...minor, severity: 'critical' }), 2000, config)
    expect(step.sound).toBe(true)
    expect(shown(step.state).alert?.severity).toBe('critical')
    // an ordinary repeat of it neither sounds nor shows it again
    const quiet = onAlertChange(hide(step.state, 'esc-1'), change('repeated', minor), 3000, config)
    expect(quiet.sound).toBe(false)
    expect(shown(quiet.state).alert).toBeNull()
  })
})
