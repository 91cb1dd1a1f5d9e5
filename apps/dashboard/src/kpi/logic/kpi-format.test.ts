import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n/i18n.js'
import { kpiNs } from '../i18n.js'
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

  it('writes gaps in percentage points or places, one place in the singular', () => {
    const vi = i18n.getFixedT('vi', kpiNs)
    const en = i18n.getFixedT('en', kpiNs)
    expect(formatGap(vi, 'vi', 17.5, '%')).toBe('thiếu 17,5 điểm %')
    expect(formatGap(en, 'en', 17.5, '%')).toBe('17.5 pp short')
    expect(formatGap(vi, 'vi', 11, 'hạng')).toBe('thiếu 11 bậc')
    expect(formatGap(vi, 'vi', 1, 'hạng')).toBe('thiếu 1 bậc')
    expect(formatGap(en, 'en', -11, 'hạng')).toBe('11 places short')
    expect(formatGap(en, 'en', 1, 'hạng')).toBe('1 place short')
    expect(formatGap(en, 'en', 0.05, 'điểm (0-1)')).toBe('0.05 score (0-1) short')
  })

  it('translates the catalog’s Vietnamese units for English readers only', () => {
    expect(unitLabel('en', 'điểm (0-1)')).toBe('score (0-1)')
    expect(unitLabel('vi', 'điểm (0-1)')).toBe('điểm (0-1)')
  })
})
