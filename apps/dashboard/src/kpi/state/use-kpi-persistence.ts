import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useServices } from '../../shell/services.js'
import { useSession } from '../../shell/session/use-session.js'
import { kpiQueryRoot } from './kpi-queries.js'
import { dropCacheCopy, keepCacheCopy } from './query-cache-copy.js'

const storageKey = 'ioc.kpi.cache'
// Figures older than a week are not worth showing as "the last known": the tablet asks again.
const MAX_AGE_MS = 7 * 24 * 3600_000
// Changed when the shape of a KPI answer changes, so an old copy is dropped instead of misread.
const FORMAT = 'kpi-2' // kpi-2: the catalog's pillar

/**
 * Keeps the KPI queries (['kpis', ...]) in localStorage while the KPI screen is open and puts them
 * back when it opens again, so a tablet that lost its Wi-Fi, or was closed and reopened, shows the
 * last figures with their time instead of nothing. The copy belongs to the signed-in user: another
 * user's (district staff see their district's city figures) is discarded, and signing out drops it.
 */
export function useKpiPersistence(): void {
  const queryClient = useQueryClient()
  const { user } = useSession()
  const username = user?.username ?? null
  const { session } = useServices()
  useEffect(() => {
    if (!username) return dropCacheCopy(localStorage, storageKey)
    const stop = keepCacheCopy(queryClient, {
      storage: localStorage,
      key: storageKey,
      owner: `${FORMAT}:${username}`,
      maxAgeMs: MAX_AGE_MS,
      keep: (queryKey) => queryKey[0] === kpiQueryRoot,
    })
    return () => {
      stop()
      // Signing out unmounts this screen before it renders again without a user: drop it here.
      if (session.getState().kind === 'signed-out') dropCacheCopy(localStorage, storageKey)
    }
  }, [queryClient, username, session])
}
