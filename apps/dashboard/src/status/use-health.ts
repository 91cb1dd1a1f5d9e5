import { useQuery } from '@tanstack/react-query'
import { healthSchema, type Health } from '@ioc/contracts'
import { useApi } from '../shell/services.js'
import { useHealthEvents } from '../shell/socket/hooks/use-health-events.js'

export type HealthState =
  | { kind: 'loading' }
  | { kind: 'ok'; report: Health; checkedAt: Date }
  | { kind: 'unreachable'; error: string; last: Health | null }

/** GET /api/health every few seconds (it works without a socket), overridden by pushed reports. */
export function useHealth(intervalMs = 10_000): HealthState {
  const api = useApi()
  const pushed = useHealthEvents()
  const query = useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api.get('/api/health', healthSchema, { signal }),
    refetchInterval: intervalMs,
    retry: false, // the interval is the retry; a failure must show at once
    // asked offline too: paused while the browser says it is offline, it kept saying "ok"
    networkMode: 'always',
  })
  if (query.isError) return { kind: 'unreachable', error: query.error.message, last: query.data ?? null }
  const report =
    pushed && (!query.data || query.dataUpdatedAt < Date.now() - intervalMs) ? pushed : query.data
  if (!report) return { kind: 'loading' }
  return { kind: 'ok', report, checkedAt: new Date(query.dataUpdatedAt || Date.now()) }
}
