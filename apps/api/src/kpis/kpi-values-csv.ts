import { kpiCsvExportColumns, type KpiValueView } from '@ioc/contracts'
import { csvField } from '../common/csv.js'

/**
 * A KPI's values as the CSV of GET /api/kpis/{id}/values?format=csv: oldest first, CRLF lines,
 * with a BOM so that Excel reads the diacritics as UTF-8 (the upload ignores it).
 */
export function kpiValuesCsv(values: readonly KpiValueView[]): string {
  const rows = [...values]
    .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.area.localeCompare(b.area, 'vi'))
    .map((v) => [v.period, v.ts, v.value, v.scope, v.area, v.source, v.target?.value ?? null, v.progress])
  return '\uFEFF' + [kpiCsvExportColumns, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('')
}
