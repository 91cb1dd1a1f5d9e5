import { describe, expect, it } from 'vitest'
import { formatGap, formatKpiValue, unitLabel } from './kpi-format.js'

describe('KPI figures', () => {
  it('writes values with the locale’s decimal mark and their unit', () => {
    expect(formatKpiValue('vi', 72.5, '%')).toBe('72,5%')
    expect(formatKpiValue('en', 72.5, '%')).toBe('72.5%')
    expect(formatKpiValue('vi', 0.5808, 'điểm (0-1)')).toBe('0,5808')
    expect(formatKpiValue('vi', 31, 'hạng')).toBe('hạng 31')
    expect(formatKpiValue('en', 31, 'hạng')).toBe('#31')
    expect(formatKpiValue('vi', 1234.5, 'ngày')).toBe('1.234,5 ngày')
  })

  it('writes gaps in percentage points or places', () => {
    expect(formatGap('vi', 17.5, '%')).toBe('17,5 điểm %')
    expect(formatGap('en', 17.5, '%')).toBe('17.5 pp')
    expect(formatGap('vi', 11, 'hạng')).toBe('11 bậc')
    expect(formatGap('en', -11, 'hạng')).toBe('11 places')
  })

  it('translates the catalog’s Vietnamese units for English readers only', () => {
    expect(unitLabel('en', 'điểm (0-1)')).toBe('score (0-1)')
    expect(unitLabel('vi', 'điểm (0-1)')).toBe('điểm (0-1)')
  })
})
