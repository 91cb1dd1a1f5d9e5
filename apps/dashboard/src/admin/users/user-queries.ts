import { queryOptions } from '@tanstack/react-query'
import {
  userAdminListSchema,
  userAdminViewSchema,
  userWithPasswordSchema,
  type UserCreateInput,
  type UserPatch,
} from '@ioc/contracts'
import type { ApiClient } from '../../shell/api/client.js'
import { adminKey, send } from '../common/admin-api.js'

export const usersQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: [adminKey, 'users'] as const,
    queryFn: ({ signal }) => api.get('/api/admin/users', userAdminListSchema, { signal }),
  })

export const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`

export const createUser = (api: ApiClient, body: UserCreateInput) =>
  send(api, 'POST', '/api/admin/users', body, userWithPasswordSchema)

export const patchUser = (api: ApiClient, { id, patch }: { id: string; patch: UserPatch }) =>
  send(api, 'PATCH', userPath(id), patch, userAdminViewSchema)

export const resetPassword = (api: ApiClient, id: string) =>
  send(api, 'POST', `${userPath(id)}/password`, {}, userWithPasswordSchema)
