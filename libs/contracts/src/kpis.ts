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

// The three pillars of the national digital transformation programme (QĐ 749/QĐ-TTg) that the
// provinces' plans are written in: chính quyền số, kinh tế số, xã hội số.
export const kpiPillarSchema = z.enum(['digital_government', 'digital_economy', 'digital_society'])
export type KpiPillar = z.infer<typeof kpiPillarSchema>

export const kpiSchema = z.object({
  id: kpiIdSchema,
  name: localizedTextSchema,
  unit: z.string().max(32),
  direction: kpiDirectionSchema,
  targets: z.array(kpiTargetSchema).max(200).default([]),
  scope: kpiScopeSchema,
  // The plan or publication the KPI and its targets come from, e.g. "Đề án 2768/QĐ-UBND".
  source: z.string().trim().min(1).max(500),
  // null: an index over all three pillars (the DTI's overall score and rank).
  pillar: kpiPillarSchema.nullable(),
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

// Live city indicators computed by the api from the streams (GET /api/kpis/live, socket `kpis:city`).
// Unlike plan KPIs they have no target or period: they say how the city is doing now.
const shareSchema = z.object({
  online: z.int().min(0),
  total: z.int().min(0),
  // null when there is nothing to count (no camera registered), never a made-up 0 or 100.
  percent: z.number().min(0).max(100).nullable(),
})

export const aqiCategorySchema = z.enum([
  'good',
  'moderate',
  'unhealthy_for_sensitive_groups',
  'unhealthy',
  'very_unhealthy',
  'hazardous',
])
export type AqiCategory = z.infer<typeof aqiCategorySchema>

// The highest index of each US EPA category (AQI Technical Assistance Document); above 300 is hazardous.
const AQI_CATEGORY_TOPS: readonly [number, AqiCategory][] = [
  [50, 'good'],
  [100, 'moderate'],
  [150, 'unhealthy_for_sensitive_groups'],
  [200, 'unhealthy'],
  [300, 'very_unhealthy'],
]

/** The EPA category of an AQI value: the api's district figures and the map's station colours. */
export function aqiCategory(aqi: number): AqiCategory {
  return AQI_CATEGORY_TOPS.find(([top]) => aqi <= top)?.[1] ?? 'hazardous'
}

export const cityKpisSchema = z.object({
  ts: isoDateTimeSchema,
  // Line crossings of vehicles in the last complete minute, per camera and direction name.
  vehiclesPerMinute: z.array(
    z.object({
      cameraId: resourceIdSchema,
      direction: z.string().min(1).max(64),
      minute: isoDateTimeSchema,
      count: z.int().min(0),
    }),
  ),
  // Persons whose box stands in the zone (bottom-centre) in the camera's latest frame.
  personsInZones: z.array(
    z.object({
      cameraId: resourceIdSchema,
      zoneId: z.string().min(1).max(64),
      count: z.int().min(0),
      ts: isoDateTimeSchema,
    }),
  ),
  // US EPA AQI of each district's mean PM2.5 and PM10 over the last hour; the higher one counts.
  aqiByDistrict: z.array(
    z.object({
      district: z.string().min(1).max(100),
      aqi: z.int().min(0),
      category: aqiCategorySchema,
      dominant: z.enum(['pm25', 'pm10']),
      pm25: z.number().min(0).nullable(),
      pm10: z.number().min(0).nullable(),
    }),
  ),
  camerasOnline: shareSchema,
  sensorsOnline: shareSchema,
  openAlertsBySeverity: z.object({
    critical: z.int().min(0),
    major: z.int().min(0),
    minor: z.int().min(0),
    warning: z.int().min(0),
    info: z.int().min(0),
  }),
  // Over the alerts first seen in the last 24 hours; null when none was acknowledged.
  meanTimeToAcknowledgeSeconds: z.number().min(0).nullable(),
})
export type CityKpis = z.infer<typeof cityKpisSchema>

// The answers of GET /api/kpis, /api/kpis/{id} and /api/kpis/{id}/values: a stored value measured
// against the target of its period and scope.
export const kpiValueStatusSchema = z.enum(['met', 'behind', 'no_target'])
export type KpiValueStatus = z.infer<typeof kpiValueStatusSchema>

export const kpiValueViewSchema = z.object({
  period: z.string().nullable(),
  ts: z.string(),
  value: z.number(),
  scope: z.string(),
  area: z.string(),
  source: z.string().nullable(),
  // The target this value is measured against, or null.
  target: z.object({ period: z.string(), value: z.number() }).nullable(),
  // 1 = target reached; null without target.
  progress: z.number().nullable(),
  status: kpiValueStatusSchema,
})
export type KpiValueView = z.infer<typeof kpiValueViewSchema>

// GET /api/kpis/{id}/values: the history over [from, to], as JSON or, with `format=csv` (or
// Accept: text/csv), as a CSV file for a spreadsheet.
export const kpiValuesQuerySchema = z
  .object({
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    error: '"from" must not be after "to"',
    path: ['from'],
  })
export type KpiValuesQuery = z.infer<typeof kpiValuesQuerySchema>

/** The columns a CSV upload of values may name (POST /api/kpis/{id}/values as text/csv). */
export const kpiCsvColumns = ['period', 'ts', 'value', 'scope', 'area', 'source'] as const
/**
 * The export's: the upload's first, so an exported file can be corrected and sent back, then the
 * target and progress for the reader (the upload refuses unknown columns: drop those two).
 */
export const kpiCsvExportColumns = [...kpiCsvColumns, 'target', 'progress'] as const

export const kpiViewSchema = kpiSchema.extend({
  // The most recent value, whatever its area.
  latest: kpiValueViewSchema.nullable(),
  // The most recent value of every (scope, area): who is ahead, who is behind.
  byArea: z.array(kpiValueViewSchema),
})
export type KpiView = z.infer<typeof kpiViewSchema>

// The answer of POST /api/kpis/{id}/values: how many values the batch stored.
export const kpiValuesStoredSchema = z.object({ kpiId: kpiIdSchema, stored: z.int() })
export type KpiValuesStored = z.infer<typeof kpiValuesStoredSchema>
