import { describe, expect, it } from 'vitest'
import { formatPeriod } from './period.js'

describe('periods', () => {
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
