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

  it("puts the site's own plans first, the others keeping their order", () => {
    const groups = groupByPlan(
      [
        kpi({ id: 'b', source: 'Bình Định, KH 33' }),
        kpi({ id: 'q', source: 'Quảng Nam, Đề án 2768' }),
        kpi({ id: 't', source: 'Thanh Hóa, QĐ 1118' }),
      ],
      'Quảng Nam',
    )
    expect(groups.map((g) => g.plan)).toEqual([
      'Quảng Nam, Đề án 2768',
      'Bình Định, KH 33',
      'Thanh Hóa, QĐ 1118',
    ])
  })
})
