import { describe, expect, it } from 'vitest'
import type { Alert, AlertList, AlertsSinceResponse } from '@ioc/contracts'
import { AlertsStore } from './alerts-store.js'
import { PAGE, resyncAlerts, type ResyncSources } from './resync.js'

function alert(id: string, seq: number, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    seq,
    sourceType: 'sensor',
    sourceId: 'wl-1',
    ruleId: 'water-high',
    severity: 'major',
    status: 'active',
    acknowledged: false,
    category: 'naturalDisaster',
    subCategory: 'flood',
    district: null,
    title: 'Mực nước cao',
    description: '',
    count: 1,
    firstSeen: '2026-12-01T00:00:00Z',
    lastSeen: '2026-12-01T00:00:00Z',
    assignee: null,
    ackBy: null,
    ackAt: null,
    clearedAt: null,
    ...patch,
  }
}

function sources(since: AlertsSinceResponse[], lists: AlertList[]) {
  const asked: string[] = []
  const s: ResyncSources = {
    since: async (seq) => (asked.push(`since ${seq}`), since.shift()!),
    list: async (q) => (asked.push(`list ${q.sinceSeq ?? '-'} ${q.limit}`), lists.shift()!),
  }
  return { s, asked }
}

describe('resyncAlerts', () => {
  it('loads the latest alerts over REST the first time', async () => {
    const store = new AlertsStore()
    const { s, asked } = sources([], [{ items: [alert('a', 2), alert('b', 1)], seq: 2 }])
    expect(await resyncAlerts(store, s)).toEqual({ kind: 'loaded', count: 2, seq: 2 })
    expect(asked).toEqual([`list - ${PAGE}`])
    expect(store.getSnapshot().alerts.map((a) => a.id)).toEqual(['a', 'b'])
    expect(store.syncedSeq()).toBe(2)
  })

  it('after a reconnection asks only what changed since its seq, and applies it', async () => {
    const store = new AlertsStore()
    store.replaceAll([alert('a', 5)], 5)
    const acked = alert('a', 7, { acknowledged: true, ackBy: 'operator' })
    const { s, asked } = sources([{ alerts: [alert('b', 6), acked], seq: 7, complete: true }], [])
    await resyncAlerts(store, s)
    expect(asked).toEqual(['since 5'])
    expect(store.syncedSeq()).toBe(7)
    expect(store.getSnapshot().byId.get('a')?.acknowledged).toBe(true)
    expect(store.getSnapshot().alerts.map((a) => a.id)).toEqual(['a', 'b'])
  })

  it('continues over GET /api/alerts?sinceSeq when more changed than one answer carries', async () => {
    const store = new AlertsStore()
    store.replaceAll([], 10)
    const first = Array.from({ length: 3 }, (_, i) => alert(`s${i}`, 11 + i))
    const page1 = Array.from({ length: PAGE }, (_, i) => alert(`p${i}`, 14 + i))
    const page2 = [alert('last', 14 + PAGE)]
    const { s, asked } = sources(
      [{ alerts: first, seq: 12 + PAGE, complete: false }],
      [
        { items: page1, seq: 14 + PAGE },
        { items: page2, seq: 14 + PAGE },
      ],
    )
    expect(await resyncAlerts(store, s)).toMatchObject({ kind: 'caught-up', count: 4 + PAGE, pages: 2 })
    expect(asked).toEqual(['since 10', `list 13 ${PAGE}`, `list ${13 + PAGE} ${PAGE}`])
    expect(store.syncedSeq()).toBe(14 + PAGE)
    expect(store.getSnapshot().byId.size).toBe(4 + PAGE)
  })

  it('does not let an older state from the resync undo a newer live change', async () => {
    const store = new AlertsStore()
    store.replaceAll([alert('a', 5)], 5)
    // pushed live while the resync was on its way: acknowledged at seq 9
    store.applyChange({ seq: 9, action: 'acknowledged', alert: alert('a', 9, { acknowledged: true }) }, false)
    expect(store.syncedSeq()).toBe(5) // out of sequence: the resync decides what is known
    const { s } = sources([{ alerts: [alert('a', 8, { severity: 'critical' })], seq: 8, complete: true }], [])
    await resyncAlerts(store, s)
    expect(store.getSnapshot().byId.get('a')).toMatchObject({ seq: 9, acknowledged: true })
    expect(store.syncedSeq()).toBe(8)
  })

  it('advances its seq with live changes while in sequence', () => {
    const store = new AlertsStore()
    store.replaceAll([], 3)
    store.applyChange({ seq: 4, action: 'created', alert: alert('n', 4) }, true)
    expect(store.syncedSeq()).toBe(4)
    expect(store.getSnapshot().lastChange?.action).toBe('created')
  })

  it('keeps at most its maximum, dropping the oldest closed alerts first', () => {
    const store = new AlertsStore(3)
    store.replaceAll(
      [alert('open-old', 1), alert('closed', 2, { status: 'cleared', acknowledged: true }), alert('open', 3)],
      3,
    )
    store.applyChange({ seq: 4, action: 'created', alert: alert('new', 4) }, true)
    expect([...store.getSnapshot().byId.keys()].sort()).toEqual(['new', 'open', 'open-old'])
  })
})

describe('older alerts', () => {
  it('adds a page of older alerts without moving the seq the store is synced up to', () => {
    const store = new AlertsStore(5)
    store.replaceAll([alert('a', 10), alert('b', 9)], 12)
    expect(store.oldestSeq()).toBe(9)
    store.addOlder([alert('c', 4), alert('d', 3)])
    expect(store.syncedSeq()).toBe(12)
    expect(store.oldestSeq()).toBe(3)
    expect(store.getSnapshot().alerts.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd'])
    // an older page never undoes a newer state of an alert it holds
    store.addOlder([alert('a', 2, { acknowledged: true })])
    expect(store.getSnapshot().byId.get('a')?.seq).toBe(10)
    expect(store.full()).toBe(false)
    store.addOlder([alert('e', 1)])
    expect(store.full()).toBe(true)
  })
})
