import { describe, expect, it } from 'vitest'
import {
  kpiSchema,
  kpiValueInputBatchSchema,
  kpiValueInputSchema,
  kpiValueSchema,
  periodSchema,
} from './kpis.js'

const kpi = {
  id: 'records-online-full',
  name: { vi: 'Tỷ lệ hồ sơ xử lý toàn trình trực tuyến', en: 'Records processed fully online' },
  unit: '%',
  direction: 'at_least',
  targets: [
    { period: '2025', value: 100, scope: 'province' },
    { period: '2025', value: 90, scope: 'district' },
    { period: '2025', value: 70, scope: 'commune' },
  ],
  scope: 'province',
  source: 'Đề án 2768/QĐ-UBND (Quảng Nam)',
  pillar: 'digital_government',
}

describe('kpis', () => {
  it('validates a KPI with targets per level', () => {
    expect(kpiSchema.parse(kpi)).toEqual(kpi)
    const { targets: _t, ...noTargets } = kpi
    expect(kpiSchema.parse(noTargets).targets).toEqual([])
    expect(kpiSchema.safeParse({ ...kpi, direction: 'up' }).success).toBe(false)
    expect(kpiSchema.safeParse({ ...kpi, name: { vi: 'Chỉ số' } }).success).toBe(false)
    expect(kpiSchema.safeParse({ ...kpi, scope: 'nation' }).success).toBe(false)
    // a pillar of the programme, or null for an index over all three; never left out
    expect(kpiSchema.parse({ ...kpi, pillar: null }).pillar).toBeNull()
    expect(kpiSchema.safeParse({ ...kpi, pillar: 'digital_health' }).success).toBe(false)
    const { pillar: _p, ...noPillar } = kpi
    expect(kpiSchema.safeParse(noPillar).success).toBe(false)
  })

  it.each([
    ['2025', true],
    ['2025-Q3', true],
    ['2025-H1', true],
    ['2025-06', true],
    ['2025-13', false],
    ['2025-Q5', false],
    ['25', false],
    ['2025/06', false],
  ])('period %s valid: %s', (period, ok) => {
    expect(periodSchema.safeParse(period).success).toBe(ok)
  })

  it('validates stored values with a period, a ts or both', () => {
    const value = {
      kpiId: 'dti-score',
      period: '2022',
      ts: null,
      value: 0.5808,
      scope: 'province',
      area: 'Quảng Nam',
      source: 'DTI 2022, dti.gov.vn',
    }
    expect(kpiValueSchema.parse(value)).toEqual(value)
    expect(kpiValueSchema.safeParse({ ...value, period: null, ts: '2025-06-01T00:00:00Z' }).success).toBe(
      true,
    )
    const neither = kpiValueSchema.safeParse({ ...value, period: null })
    expect(neither.success).toBe(false)
    expect(neither.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['period', 'a value needs a period or a ts'],
    ])
  })

  it('defaults the scope of an input and accepts a batch', () => {
    expect(kpiValueInputSchema.parse({ period: '2024', value: 18.54, area: 'Quảng Nam' })).toEqual({
      period: '2024',
      value: 18.54,
      area: 'Quảng Nam',
      scope: 'province',
    })
    expect(kpiValueInputSchema.safeParse({ value: 1, area: 'Tam Kỳ' }).success).toBe(false)
    expect(kpiValueInputSchema.safeParse({ period: '2024', value: Number.NaN, area: 'Tam Kỳ' }).success).toBe(
      false,
    )
    expect(
      kpiValueInputBatchSchema.parse([
        { period: '2024', value: 1, area: 'Tam Kỳ', scope: 'district' },
        { ts: '2025-06-01T00:00:00+07:00', value: 2, area: 'Hội An', scope: 'district' },
      ]),
    ).toHaveLength(2)
  })
})
