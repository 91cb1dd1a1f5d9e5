import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useConnectionState } from '../../shell/socket/hooks/use-connection-state.js'
import { kpiQueryRoot } from './kpi-queries.js'
import { useOnline } from '../../shell/layout/use-online.js'

/**
 * When the network is back or the socket is live again, asks again every KPI query that holds
 * figures older than this screen (the offline copy put back after a reload) or whose last fetch
 * failed. The shell refetches after a socket RE-connection, and TanStack Query when the browser
 * goes back online, but neither happens after a reload while offline: the page starts without the
 * network (TanStack assumes online until told otherwise) and its socket's first connection is no
 * reconnection, so the copy would stay on screen until the next push.
 */
export function useCatchUp(): void {
  const queryClient = useQueryClient()
  const online = useOnline()
  const live = useConnectionState().kind === 'live'
  const [openedAt] = useState(() => Date.now())
  useEffect(() => {
    if (!online || !live) return
    void queryClient.invalidateQueries({
      queryKey: [kpiQueryRoot],
      predicate: ({ state }) => state.dataUpdatedAt < openedAt || state.errorUpdatedAt > state.dataUpdatedAt,
    })
  }, [queryClient, online, live, openedAt])
}
