import { describe, expect, it } from 'vitest'
import { formatPeriod, periodEnd } from './period.js'

describe('periods', () => {
  it('ends a period at midnight in Vietnam after its last day', () => {
    expect(periodEnd('2025').toISOString()).toBe('2025-12-31T17:00:00.000Z')
    expect(periodEnd('2025-Q1').toISOString()).toBe('2025-03-31T17:00:00.000Z')
    expect(periodEnd('2025-H1').toISOString()).toBe('2025-06-30T17:00:00.000Z')
    expect(periodEnd('2025-H2').toISOString()).toBe('2025-12-31T17:00:00.000Z')
    expect(periodEnd('2025-02').toISOString()).toBe('2025-02-28T17:00:00.000Z')
    expect(periodEnd('2025-12').toISOString()).toBe('2025-12-31T17:00:00.000Z')
  })

  it('names periods as officials write them', () => {
    expect(formatPeriod('vi', '2025')).toBe('2025')
    expect(formatPeriod('vi', '2025-Q2')).toBe('Quý 2/2025')
    expect(formatPeriod('en', '2025-Q2')).toBe('Q2 2025')
    expect(formatPeriod('vi', '2025-H1')).toBe('6 tháng đầu 2025')
    expect(formatPeriod('vi', '2025-H2')).toBe('6 tháng cuối 2025')
    expect(formatPeriod('en', '2025-H2')).toBe('H2 2025')
    expect(formatPeriod('en', '2025-06')).toBe('06/2025')
  })
})
