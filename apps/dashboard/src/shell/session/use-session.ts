import { useSyncExternalStore } from 'react'
import type { User } from '@ioc/contracts'
import { useServices } from '../services.js'
import type { SessionState } from './session-manager.js'

/** The session's state; `user` is the signed-in user (also while the expired overlay shows). */
export function useSession(): { state: SessionState; user: User | null } {
  const { session } = useServices()
  const state = useSyncExternalStore(session.subscribe, session.getState)
  const user = state.kind === 'active' ? state.session.user : state.kind === 'expired' ? state.user : null
  return { state, user }
}
