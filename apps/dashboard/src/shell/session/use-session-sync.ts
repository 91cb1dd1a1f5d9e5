import { useEffect } from 'react'
import { sessionStorageKey } from './session-store.js'
import type { SessionManager } from './session-manager.js'

/**
 * Keeps this tab's session in step with the others (a refresh or sign-in in another tab writes
 * localStorage) and catches a refresh that fell due while the machine slept.
 */
export function useSessionSync(session: SessionManager): void {
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === sessionStorageKey || e.key === null) session.syncFromStorage()
    }
    const onWake = () => {
      if (document.visibilityState === 'visible') session.checkDue()
    }
    window.addEventListener('storage', onStorage)
    document.addEventListener('visibilitychange', onWake)
    window.addEventListener('online', onWake)
    const clock = setInterval(onWake, 30_000) // timers stall in sleep; this notices the wake-up
    return () => {
      window.removeEventListener('storage', onStorage)
      document.removeEventListener('visibilitychange', onWake)
      window.removeEventListener('online', onWake)
      clearInterval(clock)
    }
  }, [session])
}
