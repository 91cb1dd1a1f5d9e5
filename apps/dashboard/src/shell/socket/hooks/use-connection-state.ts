import { useSyncExternalStore } from 'react'
import { useServices } from '../../services.js'
import type { ConnectionState } from '../connection-state.js'

/** connecting | reconnecting (with the attempt) | resyncing | live | closed, for banners and badges. */
export function useConnectionState(): ConnectionState {
  const { live } = useServices()
  return useSyncExternalStore(live.subscribeState, live.getState)
}
