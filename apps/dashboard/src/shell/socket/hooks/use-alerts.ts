import { useEffect, useSyncExternalStore } from 'react'
import { useServices } from '../../services.js'
import { useSession } from '../../session/use-session.js'
import type { AlertsSnapshot } from '../alerts-store.js'

/**
 * Every alert the user may see, newest change first, kept in step with the api: loaded once,
 * then live, and resynced by sequence number after a reconnection. The wall and the console share
 * one store.
 */
export function useAlerts(): AlertsSnapshot {
  const { live } = useServices()
  const { user } = useSession()
  const district = user?.district ?? null
  useEffect(() => (user ? live.useAlerts({ district }) : undefined), [live, user, district])
  return useSyncExternalStore(live.alerts.subscribe, live.alerts.getSnapshot)
}
