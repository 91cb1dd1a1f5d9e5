import { dehydrate, hydrate, type DehydratedState, type QueryClient } from '@tanstack/react-query'

// Written by hand over the cache's own dehydrate/hydrate: @tanstack/query-persist-client-core pins
// an older query-core of its own (two QueryClient types that do not type-check, a second copy in
// the bundle). What it would add here is the few lines below.

interface Copy {
  savedAt: number
  owner: string
  state: DehydratedState
}

const WRITE_EVERY_MS = 1000

export interface CacheCopyOptions {
  storage: Storage
  key: string
  /** Whose copy it is: another owner's is discarded (and a changed format, as part of it). */
  owner: string
  maxAgeMs: number
  /** Which queries are kept: their data must be worth showing while offline. */
  keep: (queryKey: readonly unknown[]) => boolean
  now?: () => number
}

/**
 * Puts the kept queries of a copy in `storage` back into the cache (hydrate keeps whatever the
 * cache holds that is newer), then writes them back after every change, at most once a second (a
 * `kpis:city` push a second would otherwise serialise the cache each time). Returns the stop.
 * A full or disabled storage only loses the offline copy, never the screen.
 */
export function keepCacheCopy(queryClient: QueryClient, options: CacheCopyOptions): () => void {
  const { storage, key, owner, maxAgeMs, keep } = options
  const now = options.now ?? Date.now
  const copy = read(storage, key)
  if (copy && copy.owner === owner && now() - copy.savedAt <= maxAgeMs) hydrate(queryClient, copy.state)
  else if (copy) remove(storage, key)

  let timer: ReturnType<typeof setTimeout> | undefined
  const write = () => {
    timer = undefined
    const dehydrated = dehydrate(queryClient, {
      // A query whose last fetch failed still holds the figures fetched before: those are what
      // the copy is for. Kept to success only, a refetch cut by the very network drop the copy is
      // for (an answer cut mid-body fails without retry) wrote a copy without the catalog, and
      // the reload offline showed "no figures kept" (1 run in 6 of the KPI browser test).
      shouldDehydrateQuery: (q) => keep(q.queryKey) && q.state.data !== undefined,
    })
    // kept as the figures they are, not as the failure (an Error does not survive JSON anyway)
    const state: DehydratedState = {
      ...dehydrated,
      queries: dehydrated.queries.map((q) => ({
        ...q,
        state: { ...q.state, status: 'success', error: null, fetchFailureCount: 0, fetchFailureReason: null },
      })),
    }
    try {
      storage.setItem(key, JSON.stringify({ savedAt: now(), owner, state } satisfies Copy))
    } catch {
      // quota or private mode: the next change tries again
    }
  }
  const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && keep(event.query.queryKey)) timer ??= setTimeout(write, WRITE_EVERY_MS)
  })
  // a reload or a closed tab within the second keeps what changed too
  const flush = () => {
    if (timer === undefined) return
    clearTimeout(timer)
    write()
  }
  globalThis.addEventListener?.('pagehide', flush)
  return () => {
    globalThis.removeEventListener?.('pagehide', flush)
    unsubscribe()
    if (timer !== undefined) {
      clearTimeout(timer)
      write() // what changed in the last second is kept too
    }
  }
}

export function dropCacheCopy(storage: Storage, key: string): void {
  remove(storage, key)
}

function read(storage: Storage, key: string): Copy | null {
  try {
    const text = storage.getItem(key)
    return text ? (JSON.parse(text) as Copy) : null
  } catch {
    return null // unreadable: as if nothing was kept
  }
}

function remove(storage: Storage, key: string): void {
  try {
    storage.removeItem(key)
  } catch {
    // disabled storage holds nothing
  }
}
