import { z } from 'zod'
import { kpiValueInputSchema, type KpiValueInput } from '@ioc/contracts'

// kpiValueInputBatchSchema is "one value or an array"; as a zod union its errors all land on the
// root ("Invalid input"). Picking the branch by shape first lets a 400 or a dead letter name the
// field: "1.value: expected number".
const arraySchema = z.array(kpiValueInputSchema).min(1).max(1000)

/** One value or an array of up to 1000, as an array. */
export function parseKpiValueBatch(
  json: unknown,
): { success: true; data: KpiValueInput[] } | { success: false; error: z.ZodError } {
  if (Array.isArray(json)) return arraySchema.safeParse(json)
  const one = kpiValueInputSchema.safeParse(json)
  return one.success ? { success: true, data: [one.data] } : { success: false, error: one.error }
}
