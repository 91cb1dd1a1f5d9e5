import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LoginResponse } from '@ioc/contracts'
import { SessionManager } from './session-manager.js'
import { readSession, writeSession } from './session-store.js'

class MemoryStorage implements Storage {
  private map = new Map<string, string>()
  get length() {
    return this.map.size
  }
  clear() {
    this.map.clear()
  }
  getItem(k: string) {
    return this.map.get(k) ?? null
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null
  }
  removeItem(k: string) {
    this.map.delete(k)
  }
  setItem(k: string, v: string) {
    this.map.set(k, v)
  }
}

const T0 = Date.parse('2026-12-01T00:00:00Z')
let n = 0
function session(expiresInMs: number, now = Date.now()): LoginResponse {
  n += 1
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresAt: new Date(now + expiresInMs).toISOString(),
    refreshExpiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    user: { id: 'u1', username: 'operator', role: 'operator', district: null },
  }
}

/** The api's refresh endpoint: answers in order, each after `delayMs`. */
function refreshApi(answers: (() => Response)[], delayMs = 50) {
  const bodies: unknown[] = []
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)))
    await new Promise((r) => setTimeout(r, delayMs))
    const next = answers.shift()
    if (!next) throw new TypeError('Failed to fetch')
    return next()
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies, calls: fetch }
}
const ok = (s: LoginResponse) => () => new Response(JSON.stringify(s), { status: 200 })
const refused = () =>
  new Response(JSON.stringify({ code: 'unauthorized', message: 'refresh token revoked' }), { status: 401 })

describe('SessionManager', () => {
  let storage: MemoryStorage
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    storage = new MemoryStorage()
  })
  afterEach(() => vi.useRealTimers())

  it('runs one refresh for many requests refused at once, and all get the new token', async () => {
    const first = session(3_600_000)
    writeSession(storage, first)
    const next = session(3_600_000)
    const api = refreshApi([ok(next)])
    const manager = new SessionManager({ storage, fetch: api.fetch })
    const renewals = Promise.all([1, 2, 3, 4, 5].map(() => manager.renew(first.accessToken)))
    await vi.advanceTimersByTimeAsync(100)
    expect(await renewals).toEqual(Array(5).fill(next.accessToken))
    expect(api.calls).toHaveBeenCalledTimes(1)
    expect(api.bodies).toEqual([{ refreshToken: first.refreshToken }])
    expect(readSession(storage)?.accessToken).toBe(next.accessToken)
    manager.dispose()
  })

  it('refreshes by itself before the access token expires', async () => {
    writeSession(storage, session(10 * 60_000))
    const next = session(10 * 60_000, T0 + 8 * 60_000)
    const api = refreshApi([ok(next)])
    const manager = new SessionManager({ storage, fetch: api.fetch })
    await vi.advanceTimersByTimeAsync(7 * 60_000)
    expect(api.calls).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60_000 + 100) // due 2 min before the end
    expect(api.calls).toHaveBeenCalledTimes(1)
    expect(await manager.token()).toBe(next.accessToken)
    manager.dispose()
  })

  it('adopts the token another tab stored while this one waited for the lock', async () => {
    const first = session(3_600_000)
    writeSession(storage, first)
    const fromOtherTab = session(3_600_000)
    // The other tab holds the lock, refreshes, stores its result, then lets this tab in.
    const locks = {
      request: async (_name: string, run: () => Promise<string | null>) => {
        writeSession(storage, fromOtherTab)
        return run()
      },
    } as unknown as LockManager
    const api = refreshApi([])
    const manager = new SessionManager({ storage, fetch: api.fetch, locks })
    expect(await manager.renew(first.accessToken)).toBe(fromOtherTab.accessToken)
    expect(api.calls).not.toHaveBeenCalled() // a second refresh would have burnt the rotated token
    manager.dispose()
  })

  it('shows the expired state (not a sign-out) when the api refuses the refresh', async () => {
    const first = session(3_600_000)
    writeSession(storage, first)
    const manager = new SessionManager({ storage, fetch: refreshApi([refused]).fetch })
    const renewed = manager.renew(first.accessToken)
    await vi.advanceTimersByTimeAsync(100)
    expect(await renewed).toBeNull()
    expect(manager.getState()).toEqual({ kind: 'expired', user: first.user })
    manager.dispose()
  })

  it('keeps the session through a network failure and retries later', async () => {
    const first = session(3_600_000)
    writeSession(storage, first)
    const next = session(3_600_000)
    const api = refreshApi([() => new Response('', { status: 503 }), ok(next)])
    const manager = new SessionManager({ storage, fetch: api.fetch })
    const renewed = manager.renew(first.accessToken).catch((e: Error) => e)
    await vi.advanceTimersByTimeAsync(100)
    expect(await renewed).toMatchObject({ status: 503 })
    expect(manager.getState().kind).toBe('active')
    await vi.advanceTimersByTimeAsync(4_100) // first retry after 4 s
    expect(api.calls).toHaveBeenCalledTimes(2)
    expect(await manager.token()).toBe(next.accessToken)
    manager.dispose()
  })

  it('starts expired when the stored refresh token is past its time (a wall switched off for weeks)', () => {
    const old = { ...session(-1000), refreshExpiresAt: new Date(T0 - 1).toISOString() }
    writeSession(storage, old)
    const manager = new SessionManager({ storage, fetch: refreshApi([]).fetch })
    expect(manager.getState()).toEqual({ kind: 'expired', user: old.user })
    manager.dispose()
  })

  it('forgets the tokens on logout and asks the api to revoke the refresh token', async () => {
    const first = session(3_600_000)
    writeSession(storage, first)
    const api = refreshApi([() => new Response(null, { status: 204 })])
    const manager = new SessionManager({ storage, fetch: api.fetch })
    const done = manager.logout()
    await vi.advanceTimersByTimeAsync(100)
    await done
    expect(manager.getState()).toEqual({ kind: 'signed-out' })
    expect(readSession(storage)).toBeNull()
    expect(api.bodies).toEqual([{ refreshToken: first.refreshToken }])
    manager.dispose()
  })
})
