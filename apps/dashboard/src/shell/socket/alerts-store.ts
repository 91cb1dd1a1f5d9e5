import type { Alert, AlertChanged } from '@ioc/contracts'

/**
 * Alerts kept in memory at most; past it the oldest closed ones (cleared and acknowledged) go
 * first. The first load brings 1,000; the console's "older" pages bring the rest, up to this.
 */
export const MAX_ALERTS = 20_000

export interface AlertsSnapshot {
  /** Newest change first. */
  alerts: readonly Alert[]
  byId: ReadonlyMap<string, Alert>
  /** Every change up to this sequence number is in the store; null before the first load. */
  seq: number | null
  /** The change that last came over the socket (the wall's pop-up reacts to `created`). */
  lastChange: AlertChanged | null
}

/**
 * The alerts the console and the wall both show, by id, with the sequence number they are known
 * up to. An alert is only replaced by a newer state of itself (its `seq`), so a live change that
 * overtakes a resync answer is not undone by it.
 */
export class AlertsStore {
  private readonly byId = new Map<string, Alert>()
  private seq: number | null = null
  private lastChange: AlertChanged | null = null
  private snap: AlertsSnapshot | null = null
  private readonly listeners = new Set<() => void>()

  constructor(private readonly max = MAX_ALERTS) {}

  getSnapshot = (): AlertsSnapshot => {
    this.snap ??= {
      alerts: [...this.byId.values()].sort((a, b) => b.seq - a.seq),
      byId: new Map(this.byId),
      seq: this.seq,
      lastChange: this.lastChange,
    }
    return this.snap
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  syncedSeq(): number | null {
    return this.seq
  }

  /**
   * A change pushed live. `inSequence` is false while a resync runs: the alert is kept but the
   * store's own seq waits for the resync, which covers what the socket missed.
   */
  applyChange(change: AlertChanged, inSequence: boolean): boolean {
    const applied = this.put(change.alert)
    if (inSequence && this.seq !== null) this.seq = Math.max(this.seq, change.seq)
    this.lastChange = change
    this.changed()
    return applied
  }

  /** A full list (first load, or a resync too large for `alerts:since`): replaces what is kept. */
  replaceAll(items: readonly Alert[], seq: number): void {
    const keep = [...this.byId.values()].filter((a) => a.seq > seq) // pushed after the list was read
    this.byId.clear()
    for (const alert of [...items, ...keep]) this.put(alert)
    this.seq = seq
    this.changed()
  }

  /** What changed since the store's seq (alerts:since, or pages of GET /api/alerts?sinceSeq). */
  applySince(alerts: readonly Alert[], seq: number): void {
    for (const alert of alerts) this.put(alert)
    this.seq = Math.max(this.seq ?? 0, seq)
    this.changed()
  }

  /** A page of older alerts (GET /api/alerts?beforeSeq): kept, the store's seq unchanged. */
  addOlder(alerts: readonly Alert[]): void {
    for (const alert of alerts) this.put(alert)
    this.changed()
  }

  /** Holding as many as it keeps: an older page would only push others out. */
  full(): boolean {
    return this.byId.size >= this.max
  }

  /** The lowest sequence number held: where the next older page starts. */
  oldestSeq(): number | null {
    let min: number | null = null
    for (const alert of this.byId.values()) if (min === null || alert.seq < min) min = alert.seq
    return min
  }

  private put(alert: Alert): boolean {
    const known = this.byId.get(alert.id)
    if (known && known.seq > alert.seq) return false
    this.byId.set(alert.id, alert)
    if (this.byId.size > this.max) this.evict()
    return true
  }

  private evict(): void {
    const closed = [...this.byId.values()]
      .filter((a) => a.status === 'cleared' && a.acknowledged)
      .sort((a, b) => a.seq - b.seq)
    const oldest = closed.length > 0 ? closed : [...this.byId.values()].sort((a, b) => a.seq - b.seq)
    for (const alert of oldest.slice(0, this.byId.size - this.max)) this.byId.delete(alert.id)
  }

  private changed(): void {
    this.snap = null
    for (const listener of this.listeners) listener()
  }
}
