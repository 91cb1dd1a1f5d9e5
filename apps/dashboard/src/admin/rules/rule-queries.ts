import { queryOptions } from '@tanstack/react-query'
import { ruleListSchema, rulePreviewSchema, ruleSchema, type RulePreviewWindow } from '@ioc/contracts'
import type { ApiClient } from '../../shell/api/client.js'
import { adminKey, anyAnswer, send } from '../common/admin-api.js'

export const rulesQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: [adminKey, 'rules'] as const,
    queryFn: ({ signal }) => api.get('/api/rules', ruleListSchema, { signal }),
  })

export const rulePath = (id: string) => `/api/rules/${encodeURIComponent(id)}`

export const createRule = (api: ApiClient, body: Record<string, unknown>) =>
  send(api, 'POST', '/api/rules', body, ruleSchema)
export const patchRule = (api: ApiClient, { id, body }: { id: string; body: Record<string, unknown> }) =>
  send(api, 'PATCH', rulePath(id), body, ruleSchema)
export const deleteRule = (api: ApiClient, id: string) =>
  send(api, 'DELETE', rulePath(id), undefined, anyAnswer)
export const previewRule = (
  api: ApiClient,
  vars: { rule: Record<string, unknown>; window: RulePreviewWindow },
) => send(api, 'POST', '/api/rules/preview', vars, rulePreviewSchema)
