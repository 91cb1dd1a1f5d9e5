import { describe, expect, it } from 'vitest'
import { gapToTarget, kpiStatus } from './kpi-status.js'
import { value } from './test-values.js'

const now = new Date('2026-12-03T00:00:00Z')
const target2030 = { period: '2030', value: 90 }

describe('kpiStatus', () => {
  it('says no data without a value and no target where the plan sets none', () => {
    expect(kpiStatus('at_least', null, [], now)).toBe('no_data')
    expect(kpiStatus('at_least', value({ value: 0.58 }), [], now)).toBe('no_target')
  })

  it('says achieved once the progress reaches 1, either direction', () => {
    const met = value({ value: 95, target: target2030, progress: 1.0556, status: 'met' })
    expect(kpiStatus('at_least', met, [], now)).toBe('achieved')
    const rank = value({ value: 18, target: { period: '2030', value: 20 }, progress: 1, status: 'met' })
    expect(kpiStatus('at_most', rank, [], now)).toBe('achieved')
  })

  it('says behind when the target was due and not reached', () => {
    const late = value({
      value: 70,
      target: { period: '2025', value: 80 },
      progress: 0.875,
      status: 'behind',
    })
    expect(kpiStatus('at_least', late, [], now)).toBe('behind')
  })

  it('says on track when the pace of the last two values of that area reaches the target in time', () => {
    // 60 at the start of 2025, 70 at the start of 2026: +10 a year reaches 90 by 2028, before 2031
    const latest = value({
      period: '2026',
      ts: '2025-12-31T17:00:00.000Z',
      value: 70,
      target: target2030,
      progress: 0.7778,
      status: 'behind',
    })
    const history = [
      value({ period: '2025', ts: '2024-12-31T17:00:00.000Z', value: 60 }),
      // another area's and an older value do not set the pace
      value({ period: '2025', ts: '2024-12-31T17:00:00.000Z', value: 10, area: 'Hội An' }),
      value({ period: '2023', ts: '2022-12-31T17:00:00.000Z', value: 69 }),
      latest,
    ]
    expect(kpiStatus('at_least', latest, history, now)).toBe('on_track')
    // +1 a year from 69 at the start of 2025 reaches only 75 by 2031
    const slow = [value({ period: '2025', ts: '2024-12-31T17:00:00.000Z', value: 69 }), latest]
    expect(kpiStatus('at_least', latest, slow, now)).toBe('behind')
  })

  it('says behind with a single value and time left: the pace is unknown', () => {
    const only = value({ value: 70, target: target2030, progress: 0.7778, status: 'behind' })
    expect(kpiStatus('at_least', only, [only], now)).toBe('behind')
  })

  it('follows an "at most" KPI downwards', () => {
    const target = { period: '2030', value: 20 }
    const latest = value({
      period: '2023',
      ts: '2022-12-31T17:00:00.000Z',
      value: 21,
      target,
      progress: 0.9524,
      status: 'behind',
    })
    const before = value({ period: '2022', ts: '2021-12-31T17:00:00.000Z', value: 26 })
    expect(kpiStatus('at_most', latest, [before, latest], now)).toBe('on_track')
    const worse = value({ period: '2022', ts: '2021-12-31T17:00:00.000Z', value: 19 })
    expect(kpiStatus('at_most', latest, [worse, latest], now)).toBe('behind')
  })
})

describe('gapToTarget', () => {
  it('is what is missing, positive when short, in the KPI unit', () => {
    expect(gapToTarget('at_least', 72.5, 90)).toBe(17.5)
    expect(gapToTarget('at_least', 95, 90)).toBe(-5)
    expect(gapToTarget('at_most', 31, 20)).toBe(11)
  })
})
