import { z } from 'zod'
import { hasUrlCredentials } from './urls.js'

export const healthStatusSchema = z.enum(['ok', 'degraded', 'down'])
export type HealthStatus = z.infer<typeof healthStatusSchema>

export const dbDialectSchema = z.enum(['timescaledb', 'postgres'])
export type DbDialect = z.infer<typeof dbDialectSchema>

export const healthSchema = z.object({
  status: healthStatusSchema,
  db: z.object({
    ok: z.boolean(),
    // Null until the first successful connection has told which dialect it is.
    dialect: dbDialectSchema.nullable(),
    latencyMs: z.number().min(0).nullable(),
    error: z.string().optional(),
  }),
  broker: z.object({
    ok: z.boolean(),
    // /api/health needs no special role, so a broker password must never appear in it.
    url: z.string().refine((url) => !hasUrlCredentials(url), { error: 'must not contain credentials' }),
    error: z.string().optional(),
  }),
  pipelines: z.record(
    z.string(),
    z.object({
      ok: z.boolean(),
      detail: z.string().optional(),
    }),
  ),
  version: z.string(),
  uptimeS: z.number().min(0),
})
export type Health = z.infer<typeof healthSchema>
