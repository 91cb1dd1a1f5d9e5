import { createContext, useContext, type ReactNode } from 'react'
import type { ApiClient } from './api/client.js'
import type { SessionManager } from './session/session-manager.js'
import type { LiveClient } from './socket/live-client.js'

/** The shell's long-lived objects, made once in main.tsx (tests make their own). */
export interface ShellServices {
  session: SessionManager
  api: ApiClient
  live: LiveClient
}

const ServicesContext = createContext<ShellServices | null>(null)

export function ServicesProvider({ services, children }: { services: ShellServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>
}

export function useServices(): ShellServices {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useServices outside <ServicesProvider>')
  return services
}

/** The typed REST client with the session's token: `useApi().get('/api/x', xSchema)`. */
export function useApi(): ApiClient {
  return useServices().api
}
