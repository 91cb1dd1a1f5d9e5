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

/**
 * The answer of a liveness or readiness probe (api `GET /api/health/live` and `/api/health/ready`,
 * ingest `GET /health/live` and `/health/ready` on IOC_INGEST_HTTP_PORT): 200 when every check
 * is ok, 503 otherwise, each check saying why (Kubernetes and the compose file read only the status).
 */
export const probeCheckSchema = z.object({ ok: z.boolean(), detail: z.string().max(500).optional() })
export const probeAnswerSchema = z.object({
  status: z.enum(['ok', 'failing']),
  checks: z.record(z.string(), probeCheckSchema),
})
export type ProbeCheck = z.infer<typeof probeCheckSchema>
export type ProbeAnswer = z.infer<typeof probeAnswerSchema>

/** The one rule of a probe: failing as soon as one check is. */
export function probeAnswer(checks: Record<string, ProbeCheck>): ProbeAnswer {
  return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'failing', checks }
}

/** How long a readiness check (a database query, the migrations) may take before it fails. */
export const PROBE_CHECK_TIMEOUT_MS = 2000

/** A readiness check that answers within PROBE_CHECK_TIMEOUT_MS: its result, or why not. */
export async function timedProbeCheck(check: () => Promise<string>): Promise<ProbeCheck> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`no answer within ${PROBE_CHECK_TIMEOUT_MS} ms`)),
      PROBE_CHECK_TIMEOUT_MS,
    )
  })
  try {
    return { ok: true, detail: await Promise.race([check(), timeout]) }
  } catch (err) {
    return { ok: false, detail: (err as Error).message.slice(0, 500) }
  } finally {
    clearTimeout(timer)
  }
}
