import { describe, expect, it } from 'vitest'
import { periodEnd, periodStart, vietnamYearOf } from './kpi-periods.js'

describe('KPI periods, in Vietnam', () => {
  it('start at local midnight of their first day', () => {
    expect(periodStart('2025').toISOString()).toBe('2024-12-31T17:00:00.000Z')
    expect(periodStart('2025-Q3').toISOString()).toBe('2025-06-30T17:00:00.000Z')
    expect(periodStart('2025-H2').toISOString()).toBe('2025-06-30T17:00:00.000Z')
    expect(periodStart('2025-11').toISOString()).toBe('2025-10-31T17:00:00.000Z')
  })
  it('end where the next period starts', () => {
    expect(periodEnd('2025').toISOString()).toBe('2025-12-31T17:00:00.000Z')
    expect(periodEnd('2025-Q1').toISOString()).toBe('2025-03-31T17:00:00.000Z')
    expect(periodEnd('2025-H1').toISOString()).toBe('2025-06-30T17:00:00.000Z')
    expect(periodEnd('2025-02').toISOString()).toBe('2025-02-28T17:00:00.000Z')
    expect(periodEnd('2025-12')).toEqual(periodStart('2026'))
  })
  it('put an instant in its Vietnamese year', () => {
    expect(vietnamYearOf(new Date('2025-12-31T17:00:00.000Z'))).toBe(2026)
    expect(vietnamYearOf(new Date('2025-12-31T16:59:59.999Z'))).toBe(2025)
  })
})
