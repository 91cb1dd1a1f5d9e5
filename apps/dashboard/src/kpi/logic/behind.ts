import type { KpiValueView, KpiView } from '@ioc/contracts'
import { gapToTarget } from './kpi-status.js'

/** One area's latest value of one KPI, as the "who is behind" lists show it. */
export interface AreaStanding {
  kpiId: string
  value: KpiValueView
  /** Short of the target in the KPI's unit; null without target. */
  gap: number | null
}

const rank = (v: KpiValueView) => (v.status === 'behind' ? 0 : v.status === 'met' ? 1 : 2)

/**
 * A KPI's areas, those below their target first (furthest behind first: lowest progress), then
 * those that met it, then those without a target; ties by area name as Vietnamese sorts them.
 */
export function rankAreas(kpi: Pick<KpiView, 'id' | 'direction' | 'byArea'>): AreaStanding[] {
  return [...kpi.byArea]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.progress ?? Infinity) - (b.progress ?? Infinity) ||
        a.area.localeCompare(b.area, 'vi'),
    )
    .map((value) => standing(kpi, value))
}

/**
 * Every (KPI, area) below its target across the catalog, districts and communes before provinces
 * (what a provincial leader can act on), furthest behind first within each.
 */
export function behindTargets(kpis: readonly KpiView[]): AreaStanding[] {
  const local = (v: KpiValueView) => (v.scope === 'province' ? 1 : 0)
  return kpis
    .flatMap((kpi) => kpi.byArea.filter((v) => v.status === 'behind').map((v) => standing(kpi, v)))
    .sort(
      (a, b) =>
        local(a.value) - local(b.value) ||
        a.value.progress! - b.value.progress! ||
        a.value.area.localeCompare(b.value.area, 'vi'),
    )
}

function standing(kpi: Pick<KpiView, 'id' | 'direction'>, value: KpiValueView): AreaStanding {
  return {
    kpiId: kpi.id,
    value,
    gap: value.target ? gapToTarget(kpi.direction, value.value, value.target.value) : null,
  }
}
