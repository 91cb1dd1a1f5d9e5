import { QueryClient } from '@tanstack/react-query'
import { ApiError, isTransient } from './api-error.js'

const MAX_RETRIES = 4

/**
 * Defaults for a wall that runs for days: transient failures (network, 5xx, 429) are retried with
 * a capped backoff, errors of the request itself (4xx, a wrong answer shape) are not; data stays
 * fresh for 15 s since the socket pushes what changes; everything refetches when the network or
 * the socket comes back (App wires the socket's reconnect to `invalidateQueries`).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        gcTime: 10 * 60_000,
        retry: (failures, err) => isTransient(err) && failures < MAX_RETRIES,
        retryDelay: (attempt, err) =>
          err instanceof ApiError && err.retryAfterS
            ? err.retryAfterS * 1000
            : Math.min(30_000, 1000 * 2 ** attempt),
        // The wall is never focused; tablets come back from sleep and refetch on reconnect anyway.
        refetchOnWindowFocus: false,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  })
}
