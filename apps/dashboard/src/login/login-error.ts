import { ApiError, NetworkError } from '../shell/api/api-error.js'

export type LoginProblem =
  | { kind: 'bad-credentials' }
  | { kind: 'throttled'; until: number }
  | { kind: 'unreachable' }
  | { kind: 'failed'; message: string }

/** What to tell the user about a failed sign-in; 429 carries how long to wait (Retry-After). */
export function loginProblemOf(err: unknown, now = Date.now()): LoginProblem {
  if (err instanceof ApiError) {
    if (err.status === 429) return { kind: 'throttled', until: now + (err.retryAfterS ?? 60) * 1000 }
    if (err.status === 401) return { kind: 'bad-credentials' }
    if (err.status >= 500) return { kind: 'unreachable' }
    return { kind: 'failed', message: err.message }
  }
  if (err instanceof NetworkError) return { kind: 'unreachable' }
  return { kind: 'failed', message: err instanceof Error ? err.message : String(err) }
}
