import { queryOptions } from '@tanstack/react-query'
import { kpiValueViewSchema, kpiViewSchema } from '@ioc/contracts'
import type { ApiClient } from '../../shell/api/client.js'

// Every KPI query starts with 'kpis' (the live city KPIs' key is ['kpis', 'live']): the cache
// persisted for offline use is exactly these.
export const kpiQueryRoot = 'kpis'

const catalogSchema = kpiViewSchema.array()
const valuesSchema = kpiValueViewSchema.array()

/** GET /api/kpis: the plans' KPIs with their targets and every area's latest value. */
export const kpiCatalogQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: [kpiQueryRoot, 'catalog'] as const,
    queryFn: ({ signal }) => api.get('/api/kpis', catalogSchema, { signal }),
  })

/** GET /api/kpis/{id}/values: the KPI's whole history, every area. */
export const kpiValuesQuery = (api: ApiClient, id: string) =>
  queryOptions({
    queryKey: [kpiQueryRoot, 'values', id] as const,
    queryFn: ({ signal }) => api.get(`/api/kpis/${encodeURIComponent(id)}/values`, valuesSchema, { signal }),
  })
