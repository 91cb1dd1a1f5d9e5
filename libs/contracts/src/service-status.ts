import { z } from 'zod'
import { isoDateTimeSchema } from './common.js'

/**
 * Heartbeat of a service instance (an ingest replica, a simulator) on `ioc/v1/status/{service}/{instance}` (streams.serviceStatus),
 * published retained every few seconds, with a will that says `ok: false` if the process dies.
 * The api folds these into `pipelines` of GET /api/health.
 */
/** The longest detail a pipeline's status may carry; `pipelineDetail` cuts a longer one. */
export const PIPELINE_DETAIL_MAX = 500

export const pipelineStatusSchema = z.object({
  ok: z.boolean(),
  detail: z.string().max(PIPELINE_DETAIL_MAX).optional(),
})

/** A detail within the limit: a longer one (a list of failing cameras) is cut, ending with '…'. */
export function pipelineDetail(detail: string): string {
  return detail.length <= PIPELINE_DETAIL_MAX ? detail : `${detail.slice(0, PIPELINE_DETAIL_MAX - 1)}…`
}

export const serviceStatusSchema = z.object({
  service: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  instance: z.string().min(1).max(128),
  at: isoDateTimeSchema,
  pipelines: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,63}$/), pipelineStatusSchema),
})

export type PipelineStatus = z.infer<typeof pipelineStatusSchema>
export type ServiceStatus = z.infer<typeof serviceStatusSchema>
