import type { KpiView } from '@ioc/contracts'

export interface PlanGroup {
  /** The plan or publication, as its KPIs' source names it. */
  plan: string
  kpis: KpiView[]
}

/**
 * KPIs grouped by the plan they come from, the site's own plans first (`site`, e.g. "Quảng Nam":
 * a plan whose name starts with it), the others in catalog order. The catalog has no plan field: a
 * KPI's `source` names its plan, and "<source>; mục tiêu: <plan>" (a published index whose target
 * another plan sets) belongs with the index it measures, the part before the first ";".
 */
export function groupByPlan(kpis: readonly KpiView[], site = ''): PlanGroup[] {
  const groups = new Map<string, KpiView[]>()
  for (const kpi of kpis) {
    const plan = kpi.source.split(';')[0]!.trim()
    groups.set(plan, [...(groups.get(plan) ?? []), kpi])
  }
  const own = (plan: string) => (site !== '' && plan.startsWith(site) ? 0 : 1)
  return [...groups].map(([plan, list]) => ({ plan, kpis: list })).sort((a, b) => own(a.plan) - own(b.plan))
}
