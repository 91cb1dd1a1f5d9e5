import { createApiClient } from './api/client.js'
import type { ShellServices } from './services.js'
import { SessionManager } from './session/session-manager.js'
import { LiveClient } from './socket/live-client.js'

declare global {
  interface Window {
    /**
     * What this page's live feed holds, for browser tests and for whoever looks into a wall at
     * 3 a.m. from the devtools: each alert's id and the seq it is known up to, and the store's seq.
     */
    __iocAlerts?: () => { seq: number | null; alerts: { id: string; seq: number }[] }
  }
}

/** The browser's services: localStorage for the session, Web Locks across tabs, the page's origin. */
export function createBrowserServices(): ShellServices {
  const session = new SessionManager({
    storage: localStorage,
    locks: 'locks' in navigator ? navigator.locks : null,
  })
  const api = createApiClient({ auth: session })
  const live = new LiveClient({ session, api })
  window.__iocAlerts = () => {
    const { seq, alerts } = live.alerts.getSnapshot()
    return { seq, alerts: alerts.map((a) => ({ id: a.id, seq: a.seq })) }
  }
  return { session, api, live }
}
