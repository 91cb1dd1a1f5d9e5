// Where analytics results go: counts and events into the database in batches, events and boxes
// onto MQTT. Bounded: while the database is away, at most `maxPending` rows wait; beyond that the
// oldest are dropped and counted, so a long outage costs data, never memory.
import {
  publishTo,
  streams,
  type DetectionEvent,
  type DetectionFrame,
  type MqttPublisher,
} from '@ioc/contracts'
import type { CountRow } from '@ioc/db'
import type { CountDelta } from './camera-analytics.js'

export interface CountsStore {
  addBatch(rows: readonly CountRow[]): Promise<void>
}

export interface EventsStore {
  insertBatch(events: readonly DetectionEvent[]): Promise<void>
}

export interface OutputsOptions {
  counts?: CountsStore
  events?: EventsStore
  mqtt?: MqttPublisher
  /** How often buffered counts and events are written (default 5 s: counts are per minute anyway). */
  flushMs?: number
  /** Count keys and events waiting for the database, each, before the oldest are dropped. */
  maxPending?: number
  log?: (line: string) => void
}

export interface OutputsStats {
  countRowsWritten: number
  eventsWritten: number
  eventsPublished: number
  framesPublished: number
  dropped: number
  pendingCounts: number
  pendingEvents: number
  lastError: string | null
}

export class DetectionOutputs {
  private counts = new Map<string, CountRow>()
  private events: DetectionEvent[] = []
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null
  private readonly maxPending: number
  private readonly s: OutputsStats = {
    countRowsWritten: 0,
    eventsWritten: 0,
    eventsPublished: 0,
    framesPublished: 0,
    dropped: 0,
    pendingCounts: 0,
    pendingEvents: 0,
    lastError: null,
  }

  constructor(private readonly o: OutputsOptions = {}) {
    this.maxPending = o.maxPending ?? 20_000
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.o.flushMs ?? 5000)
    this.timer.unref()
  }

  addCounts(cameraId: string, deltas: readonly CountDelta[]): void {
    for (const d of deltas) {
      const key = `${cameraId}\u0000${d.label}\u0000${d.direction}\u0000${d.minute}`
      const row = this.counts.get(key)
      if (row) {
        row.count += d.count
        continue
      }
      if (this.counts.size >= this.maxPending) {
        // Maps iterate in insertion order: the first key is the oldest minute.
        const oldest = this.counts.keys().next().value!
        this.s.dropped += this.counts.get(oldest)!.count
        this.counts.delete(oldest)
      }
      this.counts.set(key, {
        ts: new Date(d.minute),
        cameraId,
        label: d.label,
        direction: d.direction,
        count: d.count,
      })
    }
  }

  /** Publishes each event at once (QoS 1: rules act on them) and queues it for the database. */
  addEvents(events: readonly DetectionEvent[]): void {
    for (const e of events) {
      if (this.o.mqtt) publishTo(this.o.mqtt, streams.detectionEvents, { cameraId: e.cameraId }, e)
      if (this.o.mqtt) this.s.eventsPublished++
      if (!this.o.events) continue
      this.events.push(e)
      if (this.events.length > this.maxPending) {
        this.events.shift()
        this.s.dropped++
      }
    }
  }

  /** The latest boxes of a camera for the wall's overlay: QoS 0, a lost frame is replaced by the next. */
  publishFrame(frame: DetectionFrame): void {
    if (!this.o.mqtt) return
    publishTo(this.o.mqtt, streams.detections, { cameraId: frame.cameraId }, frame)
    this.s.framesPublished++
  }

  /** Writes what is buffered; one flush at a time, failures keep the rows for the next try. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null))
    return this.flushing
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.flush()
  }

  get stats(): OutputsStats {
    return { ...this.s, pendingCounts: this.counts.size, pendingEvents: this.events.length }
  }

  private async write(): Promise<void> {
    if (this.o.counts && this.counts.size > 0) {
      const batch = [...this.counts.values()]
      this.counts = new Map()
      try {
        await this.o.counts.addBatch(batch)
        this.s.countRowsWritten += batch.length
        this.s.lastError = null
      } catch (err) {
        this.fail('counts', err as Error)
        // Put them back (summing with what arrived meanwhile) for the next flush.
        const arrived = this.counts
        this.counts = new Map()
        for (const r of batch)
          this.addCounts(r.cameraId, [
            { minute: r.ts.getTime(), label: r.label, direction: r.direction, count: r.count },
          ])
        for (const r of arrived.values())
          this.addCounts(r.cameraId, [
            { minute: r.ts.getTime(), label: r.label, direction: r.direction, count: r.count },
          ])
      }
    } else if (!this.o.counts) {
      this.counts.clear()
    }
    if (this.o.events && this.events.length > 0) {
      const batch = this.events
      this.events = []
      try {
        await this.o.events.insertBatch(batch)
        this.s.eventsWritten += batch.length
      } catch (err) {
        this.fail('events', err as Error)
        const all = [...batch, ...this.events]
        this.s.dropped += Math.max(0, all.length - this.maxPending)
        this.events = all.slice(-this.maxPending)
      }
    }
  }

  private fail(what: string, err: Error): void {
    const line = `detection ${what} not written, kept for the next try: ${err.message}`
    if (this.s.lastError !== line) this.o.log?.(line)
    this.s.lastError = line
  }
}
