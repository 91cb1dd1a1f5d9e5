import { useQuery } from '@tanstack/react-query'
import { alertDetailSchema, type Alert } from '@ioc/contracts'
import { useApi } from '../../shell/services.js'

/**
 * The alert's audit trail (GET /api/alerts/{id}), read again whenever the alert changes: its seq
 * is in the key, and the live store moves it with every change (the socket's or our own answer).
 */
export function useAlertDetail(alert: Pick<Alert, 'id' | 'seq'>) {
  const api = useApi()
  return useQuery({
    queryKey: ['alerts', alert.id, 'detail', alert.seq],
    queryFn: ({ signal }) =>
      api.get(`/api/alerts/${encodeURIComponent(alert.id)}`, alertDetailSchema, { signal }),
    // the previous trail of the same alert stays up while the next one loads (no flicker on each change)
    placeholderData: (previous) => (previous?.alert.id === alert.id ? previous : undefined),
    staleTime: Infinity,
  })
}
