import { isIP } from 'node:net'

export interface LoginLimits {
  /** Failures of one (username, source) pair that cost nothing: typos. */
  freeFailures: number
  /** The wait after the first failure beyond those, doubled at each further one... */
  baseDelayMs: number
  /** ...up to this. */
  maxDelayMs: number
  /** A pair's failures are forgotten this long after its last one (or at its next success). */
  forgetAfterMs: number
  /** Distinct usernames one source may fail on within `windowMs` before it is refused. */
  maxUsernamesPerSource: number
  windowMs: number
  /** Pairs and sources remembered at most (each), the least recently active dropped first. */
  maxEntries: number
}

export const defaultLoginLimits: LoginLimits = {
  freeFailures: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxUsernamesPerSource: 10,
  windowMs: 15 * 60_000,
  maxEntries: 100_000,
}

interface PairState {
  failures: number
  last: number
}

interface SourceState {
  since: number
  usernames: Set<string>
}

/**
 * Throttles failed logins so that nobody can turn it into a lock-out for everybody:
 * - per (username, source), exponential backoff: after `freeFailures` failures each attempt waits
 *   `baseDelayMs`, doubled at every further failure up to `maxDelayMs`, the right password
 *   included (or the answer would tell the attacker). Only that source waits: the right password
 *   from any other address gets in while one address hammers the account.
 * - per source across usernames: failures for `maxUsernamesPerSource` distinct usernames within
 *   `windowMs` refuse the source until the window ends, which stops a spray of usernames.
 * The source is the client's address (behind a trusted proxy the one it reports, IOC_TRUST_PROXY);
 * IPv6 counts by /64, since one host commonly holds a whole /64. In memory and bounded; each api
 * replica counts on its own, which multiplies the attempts allowed by the number of replicas.
 */
export class LoginRateLimiter {
  private readonly pairs = new Map<string, PairState>()
  private readonly sources = new Map<string, SourceState>()

  constructor(readonly limits: LoginLimits = defaultLoginLimits) {}

  /** Seconds until this username may be tried from this address, or 0 when it may be now. */
  retryAfterS(username: string, address: string, now = Date.now()): number {
    const source = sourceOf(address)
    const waitMs = Math.max(this.pairWaitMs(pairKey(username, source), now), this.sourceWaitMs(source, now))
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    const source = sourceOf(address)
    const key = pairKey(username, source)
    const pair = this.livePair(key, now)
    remember(this.pairs, key, { failures: (pair?.failures ?? 0) + 1, last: now }, this.limits.maxEntries)
    const state = this.liveSource(source, now) ?? { since: now, usernames: new Set<string>() }
    // never more names than the limit: past it the source is refused anyway
    if (state.usernames.size < this.limits.maxUsernamesPerSource) state.usernames.add(normalise(username))
    remember(this.sources, source, state, this.limits.maxEntries)
  }

  /** A success clears the pair only: a source's spray of other usernames still counts. */
  recordSuccess(username: string, address: string): void {
    this.pairs.delete(pairKey(username, sourceOf(address)))
  }

  private pairWaitMs(key: string, now: number): number {
    const pair = this.livePair(key, now)
    if (!pair || pair.failures < this.limits.freeFailures) return 0
    const { baseDelayMs, maxDelayMs, freeFailures } = this.limits
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (pair.failures - freeFailures))
    return pair.last + delay - now
  }

  private sourceWaitMs(source: string, now: number): number {
    const state = this.liveSource(source, now)
    if (!state || state.usernames.size < this.limits.maxUsernamesPerSource) return 0
    return state.since + this.limits.windowMs - now
  }

  private livePair(key: string, now: number): PairState | undefined {
    const pair = this.pairs.get(key)
    if (pair && now - pair.last < this.limits.forgetAfterMs) return pair
    this.pairs.delete(key)
    return undefined
  }

  private liveSource(source: string, now: number): SourceState | undefined {
    const state = this.sources.get(source)
    if (state && now - state.since < this.limits.windowMs) return state
    this.sources.delete(source)
    return undefined
  }
}

/** Re-inserted, so that the Map's order is least recently active first, and bounded. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > max) map.delete(map.keys().next().value!)
}

const normalise = (username: string) => username.trim().toLowerCase()
const pairKey = (username: string, source: string) => `${normalise(username)}\u0000${source}`

/** The address a limit applies to: IPv4 as is (also when mapped into IPv6), IPv6 by its /64. */
export function sourceOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]!
  const bare = address.split('%')[0]!
  if (isIP(bare) !== 6) return address
  const groups = (part: string) =>
    (part ? part.split(':') : []).flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]))
  const [head = '', tail] = bare.split('::')
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`
}
