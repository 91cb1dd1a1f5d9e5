import { describe, expect, it } from 'vitest'
import { shownTarget } from './plan-target.js'
import { kpi, value } from './test-values.js'

const now = new Date('2026-12-03T00:00:00Z')
const targets = [
  { period: '2025', value: 100, scope: 'province' as const },
  { period: '2020', value: 30, scope: 'province' as const },
  { period: '2030', value: 90, scope: 'district' as const },
]

describe('shownTarget', () => {
  it("is the latest value's own target when there is one", () => {
    const latest = value({
      value: 50,
      target: { period: '2030', value: 90 },
      progress: 0.5556,
      status: 'behind',
    })
    expect(shownTarget(kpi({ id: 'a', targets, latest }), now)).toEqual({ period: '2030', value: 90 })
  })

  it('without values, the next milestone at the KPI scope, else the last one passed', () => {
    expect(shownTarget(kpi({ id: 'a', targets }), new Date('2022-06-01T00:00:00Z'))).toMatchObject({
      period: '2025',
    })
    expect(shownTarget(kpi({ id: 'a', targets }), now)).toMatchObject({ period: '2025', value: 100 })
    expect(shownTarget(kpi({ id: 'a', targets: [] }), now)).toBeNull()
  })
})
