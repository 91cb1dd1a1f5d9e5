import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'

/**
 * Heartbeat of a service instance (an ingest replica, a simulator) on `ioc/v1/status/{service}/{instance}` (streams.serviceStatus),
 * published retained every few seconds, with a will that says `ok: false` if the process dies.
 * The api folds these into `pipelines` of GET /api/health.
 */
export const pipelineStatusSchema = z.object({
  ok: z.boolean(),
  detail: z.string().max(500).optional(),
})

export const serviceStatusSchema = z.object({
  service: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  instance: z.string().min(1).max(128),
  at: isoDateTimeSchema,
  pipelines: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,63}$/), pipelineStatusSchema),
})

export type PipelineStatus = z.infer<typeof pipelineStatusSchema>
export type ServiceStatus = z.infer<typeof serviceStatusSchema>
