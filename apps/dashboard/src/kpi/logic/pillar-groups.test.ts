import { describe, expect, it } from 'vitest'
import { groupByPillar } from './pillar-groups.js'
import { kpi } from './test-values.js'

describe('groupByPillar', () => {
  it('groups by pillar in the programme’s order, overall indices last, no empty group', () => {
    const groups = groupByPillar([
      kpi({ id: 'society', pillar: 'digital_society' }),
      kpi({ id: 'dti', pillar: null }),
      kpi({ id: 'gov-a', pillar: 'digital_government' }),
      kpi({ id: 'gov-b', pillar: 'digital_government' }),
    ])
    expect(groups.map((g) => [g.pillar, g.kpis.map((k) => k.id)])).toEqual([
      ['digital_government', ['gov-a', 'gov-b']],
      ['digital_society', ['society']],
      [null, ['dti']],
    ])
  })
})
