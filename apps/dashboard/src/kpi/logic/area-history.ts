import type { KpiValueView } from '@ioc/contracts'

/** One area's values at one scope, oldest first: a line of the history chart or a sparkline. */
export function areaHistory(values: readonly KpiValueView[], area: string, scope: string): KpiValueView[] {
  return values
    .filter((v) => v.area === area && v.scope === scope)
    .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))
}
