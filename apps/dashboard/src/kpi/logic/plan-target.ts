import { periodEnd, type KpiTarget, type KpiView } from '@ioc/contracts'

/**
 * The target a card shows: the one the latest value is measured against (the api chose it);
 * without a value, the plan's next milestone at the KPI's own scope, or its last one once passed.
 */
export function shownTarget(
  kpi: Pick<KpiView, 'latest' | 'targets' | 'scope'>,
  now: Date,
): Pick<KpiTarget, 'period' | 'value'> | null {
  if (kpi.latest?.target) return kpi.latest.target
  const own = kpi.targets
    .filter((t) => t.scope === kpi.scope)
    .sort((a, b) => periodEnd(a.period).getTime() - periodEnd(b.period).getTime())
  return own.find((t) => periodEnd(t.period) > now) ?? own.at(-1) ?? null
}
