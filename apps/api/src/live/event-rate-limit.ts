/**
 * Events one connection may send: a burst of this many, then this many a second. A dashboard sends
 * a handful at start (subscribe, alerts:since) and a few dozen when a wall changes its cameras; a
 * client past this is broken or hostile, and is disconnected before it can stall the api.
 */
export const SOCKET_EVENT_BURST = 100
export const SOCKET_EVENTS_PER_SECOND = 10

/** A token bucket: `take()` answers whether one more event fits. */
export class EventRateLimit {
  private tokens: number
  private last: number

  constructor(
    private readonly burst = SOCKET_EVENT_BURST,
    private readonly perSecond = SOCKET_EVENTS_PER_SECOND,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
