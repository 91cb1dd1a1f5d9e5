import type { KpiPillar, KpiView } from '@ioc/contracts'

export interface PillarGroup {
  /** null: an index over all three pillars (the DTI's overall score and rank). */
  pillar: KpiPillar | null
  kpis: KpiView[]
}

const order: readonly (KpiPillar | null)[] = [
  'digital_government',
  'digital_economy',
  'digital_society',
  null,
]

/**
 * KPIs by the pillar of the national digital transformation programme they measure (digital
 * government, economy, society; the catalog's `pillar`), the overall indices last; the KPIs of a
 * pillar keep their order (the site's own plans first, as groupByPlan put them). No empty group.
 */
export function groupByPillar(kpis: readonly KpiView[]): PillarGroup[] {
  return order
    .map((pillar) => ({ pillar, kpis: kpis.filter((k) => k.pillar === pillar) }))
    .filter((g) => g.kpis.length > 0)
}
