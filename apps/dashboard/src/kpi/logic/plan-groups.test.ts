import { describe, expect, it } from 'vitest'
import { groupByPlan } from './plan-groups.js'
import { kpi } from './test-values.js'

describe('groupByPlan', () => {
  it('groups by the plan the source names, in catalog order, an index with its target plan beside it', () => {
    const groups = groupByPlan([
      kpi({ id: 'a', source: 'Quảng Nam, Đề án 2768' }),
      kpi({ id: 'dti', source: 'DTI' }),
      kpi({ id: 'b', source: 'Quảng Nam, Đề án 2768' }),
      kpi({ id: 'rank', source: 'DTI; mục tiêu: Quảng Ngãi, KH 169' }),
    ])
    expect(groups.map((g) => [g.plan, g.kpis.map((k) => k.id)])).toEqual([
      ['Quảng Nam, Đề án 2768', ['a', 'b']],
      ['DTI', ['dti', 'rank']],
    ])
  })
})
