import { describe, expect, it } from 'vitest'
import type { AlertReportCell } from '@ioc/db'
import { reportCsv, reportOf } from './alert-report.js'

const cell = (over: Partial<AlertReportCell>): AlertReportCell => ({
  category: 'traffic',
  district: 'Tam Kỳ',
  utcHour: 2, // 09:00 local: morning
  total: 1,
  acknowledged: 0,
  resolved: 0,
  ackSeconds: 0,
  resolveSeconds: 0,
  ...over,
})
const period = { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' }

describe('alert report', () => {
  const cells = [
    cell({ total: 2, acknowledged: 2, ackSeconds: 60 + 120, resolved: 1, resolveSeconds: 600 }),
    cell({ category: 'security', district: 'Hội An', utcHour: 10, acknowledged: 1, ackSeconds: 30 }),
    cell({ category: 'traffic', district: null, utcHour: 16, acknowledged: 1, ackSeconds: 300 }),
  ]

  it('gives exact means per domain, district and shift, and overall', () => {
    const byDomain = reportOf(cells, { ...period, groupBy: 'domain' })
    expect(byDomain.rows).toEqual([
      {
        key: 'security',
        total: 1,
        acknowledged: 1,
        resolved: 0,
        meanTimeToAcknowledgeSeconds: 30,
        meanTimeToResolveSeconds: null,
      },
      {
        key: 'traffic',
        total: 3,
        acknowledged: 3,
        resolved: 1,
        meanTimeToAcknowledgeSeconds: 160,
        meanTimeToResolveSeconds: 600,
      },
    ])
    expect(byDomain.overall).toEqual({
      total: 4,
      acknowledged: 4,
      resolved: 1,
      meanTimeToAcknowledgeSeconds: (180 + 30 + 300) / 4,
      meanTimeToResolveSeconds: 600,
    })
    expect(reportOf(cells, { ...period, groupBy: 'district' }).rows.map((r) => r.key)).toEqual([
      'Hội An',
      'Tam Kỳ',
      null,
    ])
    // 09:00 morning, 17:00 afternoon, 23:00 night (local)
    const byShift = reportOf(cells, { ...period, groupBy: 'shift' }).rows
    expect(byShift.map((r) => [r.key, r.total])).toEqual([
      ['afternoon', 1],
      ['morning', 2],
      ['night', 1],
    ])
  })

  it('writes CSV with a header, a row per group and the overall row, fields escaped', () => {
    const csv = reportCsv(
      reportOf([...cells, cell({ district: '=HYPERLINK("x"), Điện Bàn', utcHour: 3 })], {
        ...period,
        groupBy: 'district',
      }),
    )
    expect(csv.split('\r\n')).toEqual([
      'district,total,acknowledged,resolved,mtta_seconds,mttr_seconds',
      `"'=HYPERLINK(""x""), Điện Bàn",1,0,0,,`,
      'Hội An,1,1,0,30,',
      'Tam Kỳ,2,2,1,90,600',
      '(province-wide),1,1,0,300,',
      'all,5,4,1,127.5,600',
      '',
    ])
  })
})
