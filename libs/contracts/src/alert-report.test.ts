import { describe, expect, it } from 'vitest'
import { alertReportQuerySchema, shiftOf } from './alert-report.js'

describe('alert report', () => {
  it('puts a moment in its local shift (UTC+7)', () => {
    expect(shiftOf(new Date('2026-01-05T23:00:00Z'))).toBe('morning') // 06:00 local
    expect(shiftOf(new Date('2026-01-05T22:59:59Z'))).toBe('night') // 05:59 local
    expect(shiftOf(new Date('2026-01-05T07:00:00Z'))).toBe('afternoon') // 14:00 local
    expect(shiftOf(new Date('2026-01-05T15:00:00Z'))).toBe('night') // 22:00 local
    expect(shiftOf(new Date('2026-01-05T14:59:00Z'))).toBe('afternoon') // 21:59 local
  })

  it('needs a period, from before to, of at most a year', () => {
    const ok = alertReportQuerySchema.parse({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })
    expect(ok.groupBy).toBe('domain')
    expect(alertReportQuerySchema.safeParse({ from: '2026-01-01T00:00:00Z' }).success).toBe(false)
    expect(
      alertReportQuerySchema.safeParse({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success,
    ).toBe(false)
    expect(
      alertReportQuerySchema.safeParse({ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success,
    ).toBe(false)
    expect(
      alertReportQuerySchema.safeParse({
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
        groupBy: 'x',
      }).success,
    ).toBe(false)
  })
})
