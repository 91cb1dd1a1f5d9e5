import { describe, expect, it } from 'vitest'
import { defaultLoginLimits, LoginRateLimiter, sourceOf } from './login-rate-limiter.js'

const t0 = 1_750_000_000_000

describe('LoginRateLimiter', () => {
  it('lets 3 failures pass, then makes the pair wait 1, 2, 4, ... s up to 15 min', () => {
    const limiter = new LoginRateLimiter()
    const waits: number[] = []
    let now = t0
    for (let i = 0; i < 14; i++) {
      waits.push(limiter.retryAfterS('admin', '10.0.0.1', now))
      limiter.recordFailure('admin', '10.0.0.1', now)
      now += 1
    }
    expect(waits).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900])
  })

  it('never makes another source wait, nor another username from the same source', () => {
    const limiter = new LoginRateLimiter()
    for (let i = 0; i < 9; i++) limiter.recordFailure('admin', '10.0.0.1', t0)
    expect(limiter.retryAfterS('admin', '10.0.0.1', t0)).toBe(64)
    expect(limiter.retryAfterS('admin', '10.0.0.2', t0)).toBe(0)
    expect(limiter.retryAfterS('ADMIN ', '10.0.0.2', t0)).toBe(0)
    expect(limiter.retryAfterS('operator', '10.0.0.1', t0)).toBe(0)
  })

  it('counts the wait from the last failure and forgets a pair after an hour or a success', () => {
    const limiter = new LoginRateLimiter()
    for (let i = 0; i < 4; i++) limiter.recordFailure('admin', 'a', t0)
    expect(limiter.retryAfterS('admin', 'a', t0 + 1_500)).toBe(1)
    expect(limiter.retryAfterS('admin', 'a', t0 + 2_000)).toBe(0)
    expect(limiter.retryAfterS('admin', 'a', t0 + 3_600_000)).toBe(0)
    limiter.recordFailure('admin', 'a', t0 + 3_600_000)
    expect(limiter.retryAfterS('admin', 'a', t0 + 3_600_000)).toBe(0)
    for (let i = 0; i < 4; i++) limiter.recordFailure('admin', 'b', t0)
    limiter.recordSuccess('admin', 'b')
    expect(limiter.retryAfterS('admin', 'b', t0)).toBe(0)
  })

  it('refuses a source after 10 distinct failed usernames until its 15 min window ends', () => {
    const limiter = new LoginRateLimiter()
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfterS(`user${i}`, '10.0.0.9', t0 + i)).toBe(0)
      limiter.recordFailure(`user${i}`, '10.0.0.9', t0 + i)
    }
    expect(limiter.retryAfterS('someone-else', '10.0.0.9', t0 + 60_000)).toBe(840)
    expect(limiter.retryAfterS('admin', '10.0.0.9', t0 + 60_000)).toBe(840)
    expect(limiter.retryAfterS('admin', '10.0.0.10', t0 + 60_000)).toBe(0)
    expect(limiter.retryAfterS('someone-else', '10.0.0.9', t0 + 15 * 60_000)).toBe(0)
  })

  it('keeps at most maxEntries pairs and sources', () => {
    const limiter = new LoginRateLimiter({ ...defaultLoginLimits, maxEntries: 100 })
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`u${i}`, `10.0.${i >> 8}.${i & 255}`, t0)
    const sizes = limiter as unknown as { pairs: Map<string, unknown>; sources: Map<string, unknown> }
    expect(sizes.pairs.size).toBe(100)
    expect(sizes.sources.size).toBe(100)
  })
})

describe('sourceOf', () => {
  it('unwraps IPv4 mapped into IPv6 and counts IPv6 by /64', () => {
    expect(sourceOf('::ffff:192.168.1.7')).toBe('192.168.1.7')
    expect(sourceOf('192.168.1.7')).toBe('192.168.1.7')
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(sourceOf('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64')
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(sourceOf('::1')).toBe('0:0:0:0::/64')
    expect(sourceOf('unknown')).toBe('unknown')
  })
})
