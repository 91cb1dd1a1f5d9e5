import { queryOptions } from '@tanstack/react-query'
import { cameraTestResultSchema, cameraViewSchema, type CameraTestBodyInput } from '@ioc/contracts'
import type { ApiClient } from '../../shell/api/client.js'
import { adminKey, send } from '../common/admin-api.js'

const listSchema = cameraViewSchema.array()

export const adminCamerasQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: [adminKey, 'cameras'] as const,
    queryFn: ({ signal }) => api.get('/api/cameras', listSchema, { signal }),
    // the state column follows the pipelines
    refetchInterval: 10_000,
  })

export const cameraPath = (id: string) => `/api/cameras/${encodeURIComponent(id)}`

export const createCamera = (api: ApiClient, body: Record<string, unknown>) =>
  send(api, 'POST', '/api/cameras', body, cameraViewSchema)
export const patchCamera = (api: ApiClient, { id, body }: { id: string; body: Record<string, unknown> }) =>
  send(api, 'PATCH', cameraPath(id), body, cameraViewSchema)
export const testConnection = (api: ApiClient, body: CameraTestBodyInput) =>
  send(api, 'POST', '/api/cameras/test-connection', body, cameraTestResultSchema)
