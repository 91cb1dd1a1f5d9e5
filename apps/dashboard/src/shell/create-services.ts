import { createApiClient } from './api/client.js'
import type { ShellServices } from './services.js'
import { SessionManager } from './session/session-manager.js'
import { LiveClient } from './socket/live-client.js'

/** The browser's services: localStorage for the session, Web Locks across tabs, the page's origin. */
export function createBrowserServices(): ShellServices {
  const session = new SessionManager({
    storage: localStorage,
    locks: 'locks' in navigator ? navigator.locks : null,
  })
  const api = createApiClient({ auth: session })
  const live = new LiveClient({ session, api })
  return { session, api, live }
}
