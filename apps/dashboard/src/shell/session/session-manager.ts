import { loginResponseSchema, type LoginRequest, type LoginResponse, type User } from '@ioc/contracts'
import { ApiError, isTransient } from '../api/api-error.js'
import { createApiClient, type ClientAuth } from '../api/client.js'
import { EXPIRING_SOON_MS, refreshAt, retryDelayMs } from './refresh-timing.js'
import { readSession, sessionStorageKey, writeSession } from './session-store.js'

export type SessionState =
  | { kind: 'signed-out' }
  | { kind: 'active'; session: LoginResponse }
  // The api refused the refresh (or there is none): the shell shows its overlay over the screen.
  | { kind: 'expired'; user: User }

export interface SessionDeps {
  storage: Storage
  fetch?: typeof fetch
  now?: () => number
  /** Web Locks, so that the tabs of one browser refresh one at a time (absent in jsdom). */
  locks?: Pick<LockManager, 'request'> | null
}

const LOCK_NAME = 'ioc.session.refresh'

/**
 * The signed-in session of this browser. Tokens live in localStorage (shared by its tabs); the
 * access token is refreshed before it expires and when the api answers 401. One refresh is in
 * flight at a time: within a tab one promise is shared, across tabs a Web Lock serialises them and
 * the tab that waited adopts the token the other one stored. When a refresh is impossible the
 * state becomes `expired` (never a silent sign-out); a network failure only retries later.
 */
export class SessionManager implements ClientAuth {
  private state: SessionState
  private readonly listeners = new Set<() => void>()
  private readonly api
  private readonly now: () => number
  private inflight: Promise<string | null> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private failures = 0
  /** When the scheduled refresh (or expiry without a refresh token) is due, fixed when scheduled. */
  private dueAt = Infinity

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now
    this.api = createApiClient({ fetch: deps.fetch })
    const stored = readSession(deps.storage)
    this.state = stored ? this.stateOf(stored) : { kind: 'signed-out' }
    this.schedule()
  }

  // -- for React (useSyncExternalStore) ------------------------------------------------------
  getState = (): SessionState => this.state
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // -- ClientAuth: what the REST client and the socket ask --------------------------------------
  async token(): Promise<string | null> {
    if (this.state.kind !== 'active') return null
    const { session } = this.state
    if (Date.parse(session.expiresAt) - this.now() > EXPIRING_SOON_MS) return session.accessToken
    return this.refresh().catch(() => session.accessToken) // the api may still accept it
  }

  /** The api refused `rejected`: a fresh token, null when the session is over; throws if unreachable. */
  async renew(rejected: string): Promise<string | null> {
    if (this.state.kind !== 'active') return null
    if (this.state.session.accessToken !== rejected) return this.state.session.accessToken
    return this.refresh()
  }

  // -- actions -------------------------------------------------------------------------------
  async login(request: LoginRequest): Promise<LoginResponse> {
    const session = await this.api.post('/api/auth/login', request, loginResponseSchema)
    this.failures = 0
    this.adopt(session)
    return session
  }

  async logout(): Promise<void> {
    const session = this.state.kind === 'active' ? this.state.session : readSession(this.deps.storage)
    const refreshToken = session?.refreshToken
    writeSession(this.deps.storage, null)
    this.set({ kind: 'signed-out' })
    if (refreshToken) {
      // Revoking server-side is a courtesy: the tokens are gone from this browser either way.
      await this.api.postForStatus('/api/auth/logout', { refreshToken }).catch(() => {})
    }
  }

  /** One refresh at a time; resolves with the new access token, null if the session is over. */
  refresh(): Promise<string | null> {
    this.inflight ??= this.refreshOnce().finally(() => (this.inflight = null))
    return this.inflight
  }

  /** Another tab wrote the session (storage event), or this tab woke up: take what is stored. */
  syncFromStorage(): void {
    const stored = readSession(this.deps.storage)
    if (!stored) {
      if (this.state.kind === 'active') this.set({ kind: 'signed-out' })
      return
    }
    if (this.state.kind === 'active' && this.state.session.accessToken === stored.accessToken) return
    // An expired overlay stays until this tab signs in again or another tab did (a newer token).
    if (this.state.kind === 'expired' && Date.parse(stored.expiresAt) <= this.now()) return
    this.set(this.stateOf(stored))
    this.schedule()
  }

  /** Refresh now if the timer should have fired while the machine slept. */
  checkDue(): void {
    if (this.state.kind !== 'active') return
    if (this.now() >= this.dueAt) void this.refresh().catch(() => {})
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.listeners.clear()
  }

  // -- inside ----------------------------------------------------------------------------------
  private async refreshOnce(): Promise<string | null> {
    const before = this.state.kind === 'active' ? this.state.session : null
    if (!before) return null
    const run = () => this.refreshLocked(before)
    return this.deps.locks ? this.deps.locks.request(LOCK_NAME, run) : run()
  }

  private async refreshLocked(before: LoginResponse): Promise<string | null> {
    // Another tab may have refreshed while this one waited for the lock: use its token.
    const stored = readSession(this.deps.storage)
    if (stored && stored.accessToken !== before.accessToken && !this.expiringSoon(stored)) {
      this.adopt(stored, false)
      return stored.accessToken
    }
    const { refreshToken } = stored ?? before
    try {
      const session = await this.api.post('/api/auth/refresh', { refreshToken }, loginResponseSchema)
      this.failures = 0
      this.adopt(session)
      return session.accessToken
    } catch (err) {
      if (isTransient(err)) {
        this.failures += 1
        this.schedule(retryDelayMs(this.failures))
        throw err
      }
      if (err instanceof ApiError) return this.expire(before)
      throw err // a wrong answer shape: a bug, shown by the caller, the session kept
    }
  }

  private expire(session: LoginResponse): null {
    clearTimeout(this.timer)
    this.set({ kind: 'expired', user: session.user })
    return null
  }

  private adopt(session: LoginResponse, store = true): void {
    if (store) writeSession(this.deps.storage, session)
    this.set(this.stateOf(session))
    this.schedule()
  }

  private stateOf(session: LoginResponse): SessionState {
    // A refresh token past its time cannot renew anything: say so at once (a wall left off for days).
    if (Date.parse(session.refreshExpiresAt) <= this.now()) return { kind: 'expired', user: session.user }
    return { kind: 'active', session }
  }

  private expiringSoon(session: LoginResponse): boolean {
    return Date.parse(session.expiresAt) - this.now() <= EXPIRING_SOON_MS
  }

  private schedule(delayMs?: number): void {
    clearTimeout(this.timer)
    if (this.state.kind !== 'active') return
    const session = this.state.session
    this.dueAt =
      delayMs === undefined ? refreshAt(Date.parse(session.expiresAt), this.now()) : this.now() + delayMs
    // setTimeout overflows past 2^31 ms; checkDue (every 30 s) catches what a capped timer leaves.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, this.dueAt - this.now()))
    this.timer = setTimeout(() => void this.refresh().catch(() => {}), delay)
  }

  private set(state: SessionState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}

export { sessionStorageKey }
