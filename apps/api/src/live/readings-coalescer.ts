import type { Observation } from '@ioc/contracts'

/** Series kept per window; a flood of new series beyond it is dropped, counted, not buffered. */
export const MAX_SERIES_PER_WINDOW = 10_000

/**
 * Keeps the latest observation of each (device, metric) until the next flush: screens want the
 * current value, so a burst of readings becomes one batch whose size is bounded by the number of
 * series, never by the message rate.
 */
export class ReadingsCoalescer {
  private latest = new Map<string, Observation>()
  private dropped = 0

  add(observations: readonly Observation[]): void {
    for (const o of observations) {
      const key = `${o.deviceId}\u0000${o.metric}`
      const prev = this.latest.get(key)
      if (prev) {
        if (Date.parse(o.ts) >= Date.parse(prev.ts)) this.latest.set(key, o)
      } else if (this.latest.size < MAX_SERIES_PER_WINDOW) this.latest.set(key, o)
      else this.dropped++
    }
  }

  /** The window's observations, and how many new series did not fit. */
  take(): { observations: Observation[]; dropped: number } {
    const out = { observations: [...this.latest.values()], dropped: this.dropped }
    this.latest = new Map()
    this.dropped = 0
    return out
  }
}
