import Papa from 'papaparse'
import type { KpiValueView } from '@ioc/contracts'

// The columns POST /api/kpis/{id}/values reads, so an exported file can be corrected and uploaded
// again; target and progress follow for the reader (the upload refuses unknown columns: drop them).
const columns = ['period', 'ts', 'value', 'scope', 'area', 'source', 'target', 'progress'] as const

/** A KPI's values as CSV, oldest first, with a BOM so that Excel reads the diacritics as UTF-8. */
export function valuesCsv(values: readonly KpiValueView[]): string {
  const rows = [...values]
    .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.area.localeCompare(b.area, 'vi'))
    .map((v) => ({
      period: v.period ?? '',
      ts: v.ts,
      value: v.value,
      scope: v.scope,
      area: v.area,
      source: v.source ?? '',
      target: v.target?.value ?? '',
      progress: v.progress ?? '',
    }))
  return '\uFEFF' + Papa.unparse({ fields: [...columns], data: rows }, { newline: '\r\n' })
}
