/**
 * Failed logins per (username, client address) in a sliding window. After `maxFailures` the pair
 * is refused until the oldest failure leaves the window; other users and other addresses are not
 * affected, so an attacker cannot lock an operator out from elsewhere. Kept in memory: each api
 * replica counts on its own, which bounds guessing at replicas x maxFailures per window.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    readonly maxFailures = 5,
    readonly windowMs = 15 * 60_000,
    // Far beyond any real number of people; keeps a spray of random usernames from growing memory.
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until the pair may try again, or 0 when it may try now. */
  retryAfterS(username: string, address: string, now = Date.now()): number {
    const recent = this.recent(key(username, address), now)
    if (recent.length < this.maxFailures) return 0
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000))
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    const k = key(username, address)
    const recent = this.recent(k, now)
    recent.push(now)
    this.failures.delete(k) // re-insert: the Map's order is then oldest activity first
    this.failures.set(k, recent.slice(-this.maxFailures))
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!)
  }

  recordSuccess(username: string, address: string): void {
    this.failures.delete(key(username, address))
  }

  private recent(k: string, now: number): number[] {
    return (this.failures.get(k) ?? []).filter((t) => t > now - this.windowMs)
  }
}

const key = (username: string, address: string) => `${username.toLowerCase()}\u0000${address}`
