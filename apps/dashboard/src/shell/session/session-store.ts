import { loginResponseSchema, type LoginResponse } from '@ioc/contracts'

export const sessionStorageKey = 'ioc.session'

/**
 * The login response kept in localStorage, so a wall survives reloads and every tab of the browser
 * shares one session. Read back through its schema: a value written by an older build, or edited
 * by hand, counts as no session instead of crashing the shell.
 */
export function readSession(storage: Storage): LoginResponse | null {
  return parseSession(storage.getItem(sessionStorageKey))
}

export function parseSession(raw: string | null): LoginResponse | null {
  if (raw === null) return null
  try {
    const parsed = loginResponseSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function writeSession(storage: Storage, session: LoginResponse | null): void {
  if (session === null) storage.removeItem(sessionStorageKey)
  else storage.setItem(sessionStorageKey, JSON.stringify(session))
}
