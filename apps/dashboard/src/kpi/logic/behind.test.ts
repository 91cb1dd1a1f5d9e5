import { describe, expect, it } from 'vitest'
import { behindTargets, rankAreas } from './behind.js'
import { kpi, value } from './test-values.js'

const t = { period: '2030', value: 90 }
const records = kpi({
  id: 'qnam-ho-so-tren-mang',
  byArea: [
    value({ area: 'Hội An', value: 95, target: t, progress: 1.0556, status: 'met' }),
    value({ area: 'Tam Kỳ', value: 81, target: t, progress: 0.9, status: 'behind' }),
    value({
      area: 'Quảng Nam',
      scope: 'province',
      value: 80,
      target: { period: '2030', value: 100 },
      progress: 0.8,
      status: 'behind',
    }),
    value({ area: 'Điện Bàn', value: 54, target: t, progress: 0.6, status: 'behind' }),
    value({ area: 'Bình quân', value: 50 }),
  ],
})

describe('who is behind', () => {
  it("ranks a KPI's areas: below target first, furthest first, then met, then without target", () => {
    expect(rankAreas(records).map((s) => [s.value.area, s.gap])).toEqual([
      ['Điện Bàn', 36],
      ['Quảng Nam', 20],
      ['Tam Kỳ', 9],
      ['Hội An', -5],
      ['Bình quân', null],
    ])
  })

  it('lists every area below target across KPIs, districts before provinces, furthest first', () => {
    const rank = kpi({
      id: 'dti-xep-hang',
      direction: 'at_most',
      byArea: [
        value({
          area: 'Quảng Ngãi',
          scope: 'province',
          value: 21,
          target: { period: '2030', value: 20 },
          progress: 0.9524,
          status: 'behind',
        }),
      ],
    })
    expect(behindTargets([rank, records]).map((s) => [s.kpiId, s.value.area, s.gap])).toEqual([
      ['qnam-ho-so-tren-mang', 'Điện Bàn', 36],
      ['qnam-ho-so-tren-mang', 'Tam Kỳ', 9],
      ['qnam-ho-so-tren-mang', 'Quảng Nam', 20],
      ['dti-xep-hang', 'Quảng Ngãi', 1],
    ])
  })

  it('orders Vietnamese names with their diacritics, not by code point', () => {
    const same = { target: t, progress: 0.5, status: 'behind' as const, value: 45 }
    const k = kpi({
      id: 'k',
      byArea: [value({ area: 'Đại Lộc', ...same }), value({ area: 'Duy Xuyên', ...same })],
    })
    expect(rankAreas(k).map((s) => s.value.area)).toEqual(['Duy Xuyên', 'Đại Lộc'])
  })
})
