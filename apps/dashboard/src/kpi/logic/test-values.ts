import type { KpiValueView, KpiView } from '@ioc/contracts'

/** A value as the api answers it, for the tests. */
export function value(v: Partial<KpiValueView> & Pick<KpiValueView, 'value'>): KpiValueView {
  return {
    period: '2024',
    ts: '2023-12-31T17:00:00.000Z',
    scope: 'district',
    area: 'Tam Kỳ',
    source: null,
    target: null,
    progress: null,
    status: 'no_target',
    ...v,
  }
}

export function kpi(v: Partial<KpiView> & Pick<KpiView, 'id'>): KpiView {
  return {
    name: { vi: v.id, en: v.id },
    unit: '%',
    direction: 'at_least',
    targets: [],
    scope: 'province',
    source: 'Kế hoạch',
    pillar: 'digital_government',
    latest: null,
    byArea: [],
    ...v,
  }
}
