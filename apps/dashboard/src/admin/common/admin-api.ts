import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiClient, Schema } from '../../shell/api/client.js'
import { ApiError } from '../../shell/api/api-error.js'
import { useApi } from '../../shell/services.js'

/** Every admin query key starts with this: a change invalidates what it touched. */
export const adminKey = 'admin'

/** Any answer (DELETE's 204 has none). */
export const anyAnswer: Schema<unknown> = { safeParse: (data) => ({ success: true, data }) }

/** A write: PATCH, POST, DELETE with its answer parsed. */
export function send<T>(api: ApiClient, method: string, path: string, body: unknown, schema: Schema<T>) {
  return api.request(method, path, schema, body === undefined ? {} : { body })
}

/**
 * A mutation that refreshes the admin queries under `invalidate` once it succeeds (and the item's
 * audit trail with them).
 */
export function useAdminMutation<V, T>(fn: (api: ApiClient, vars: V) => Promise<T>, invalidate: string[]) {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (vars: V) => fn(api, vars),
    onSuccess: () => client.invalidateQueries({ queryKey: [adminKey, ...invalidate] }),
  })
}

/** The api's message (a 400's names the fields and why). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.body.message
  return err instanceof Error ? err.message : String(err)
}
