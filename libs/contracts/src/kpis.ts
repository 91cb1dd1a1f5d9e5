import { z } from 'zod'
import { isoDateTimeSchema, localizedTextSchema, resourceIdSchema } from './common.js'

export const kpiIdSchema = resourceIdSchema

// Plans set targets per year, sometimes per quarter, half or month: "2025", "2025-Q1", "2025-H2", "2025-06".
export const periodSchema = z.string().regex(/^\d{4}(?:-(?:Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, {
  error: 'period is YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM',
})

export const kpiScopeSchema = z.enum(['province', 'district', 'commune'])
export type KpiScope = z.infer<typeof kpiScopeSchema>

// at_least: higher is better (share of records online); at_most: lower is better (processing days).
export const kpiDirectionSchema = z.enum(['at_least', 'at_most'])
export type KpiDirection = z.infer<typeof kpiDirectionSchema>

// One plan sets different targets per level (records online: 100% province, 90% district, 70% commune).
export const kpiTargetSchema = z.object({
  period: periodSchema,
  value: z.number(),
  scope: kpiScopeSchema,
})
export type KpiTarget = z.infer<typeof kpiTargetSchema>

export const kpiSchema = z.object({
  id: kpiIdSchema,
  name: localizedTextSchema,
  unit: z.string().max(32),
  direction: kpiDirectionSchema,
  targets: z.array(kpiTargetSchema).max(200).default([]),
  scope: kpiScopeSchema,
  // The plan or publication the KPI and its targets come from, e.g. "Đề án 2768/QĐ-UBND".
  source: z.string().trim().min(1).max(500),
})
export type Kpi = z.infer<typeof kpiSchema>

const areaSchema = z.string().trim().min(1).max(100)
const hasPeriodOrTs = (v: { period?: string | null | undefined; ts?: string | null | undefined }) =>
  (v.period ?? null) !== null || (v.ts ?? null) !== null
const periodOrTsError = { error: 'a value needs a period or a ts', path: ['period'] }

// Plan indicators are reported per period, live indicators at an instant: a value has one or both.
export const kpiValueSchema = z
  .object({
    kpiId: kpiIdSchema,
    period: periodSchema.nullable(),
    ts: isoDateTimeSchema.nullable(),
    value: z.number(),
    scope: kpiScopeSchema,
    // The province, district or commune the value is about, e.g. "Tam Kỳ".
    area: areaSchema,
    source: z.string().max(500).nullable(),
  })
  .refine(hasPeriodOrTs, periodOrTsError)
export type KpiValue = z.infer<typeof kpiValueSchema>

// The body of POST /api/kpis/{id}/values and of ioc/v1/kpis/{kpiId}: the id comes from the path.
export const kpiValueInputSchema = z
  .object({
    period: periodSchema.optional(),
    ts: isoDateTimeSchema.optional(),
    value: z.number(),
    scope: kpiScopeSchema.default('province'),
    area: areaSchema,
    source: z.string().max(500).optional(),
  })
  .refine(hasPeriodOrTs, periodOrTsError)
export type KpiValueInput = z.infer<typeof kpiValueInputSchema>

export const kpiValueInputBatchSchema = z.union([
  kpiValueInputSchema,
  z.array(kpiValueInputSchema).min(1).max(1000),
])
export type KpiValueInputBatch = z.infer<typeof kpiValueInputBatchSchema>
