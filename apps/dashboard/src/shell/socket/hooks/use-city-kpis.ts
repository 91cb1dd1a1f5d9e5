import { useQuery, useQueryClient } from '@tanstack/react-query'
import { cityKpisSchema, type CityKpis } from '@ioc/contracts'
import { useApi } from '../../services.js'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveEvent } from '../use-live-event.js'

export const cityKpisQueryKey = ['kpis', 'live'] as const

/**
 * The live city indicators: GET /api/kpis/live first, then every `kpis:city` push (at most one a
 * second). Null until the first answer.
 */
export function useCityKpis(): CityKpis | null {
  const api = useApi()
  const queries = useQueryClient()
  const { data } = useQuery({
    queryKey: cityKpisQueryKey,
    queryFn: ({ signal }) => api.get('/api/kpis/live', cityKpisSchema, { signal }),
  })
  useLiveEvent('kpis:city', (kpis) => queries.setQueryData(cityKpisQueryKey, kpis), useTopicRoom('kpis'))
  return data ?? null
}
