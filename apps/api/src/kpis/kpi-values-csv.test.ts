import { describe, expect, it } from 'vitest'
import type { KpiValueView } from '@ioc/contracts'
import { parseKpiCsv } from './kpi-csv.js'
import { kpiValuesCsv } from './kpi-values-csv.js'

const value = (v: Partial<KpiValueView>): KpiValueView => ({
  period: '2025',
  ts: '2024-12-31T17:00:00.000Z',
  value: 54,
  scope: 'district',
  area: 'Điện Bàn',
  source: 'Sở TT&TT Quảng Nam',
  target: { period: '2030', value: 90 },
  progress: 0.6,
  status: 'behind',
  ...v,
})

describe('kpiValuesCsv', () => {
  it('writes the values oldest first, with a BOM and CRLF, the upload columns then target and progress', () => {
    const csv = kpiValuesCsv([
      value({}),
      value({ period: '2024', ts: '2023-12-31T17:00:00.000Z', value: 50, area: 'Tam Kỳ' }),
      value({ area: 'Hội An', value: 95, source: null, target: null, progress: null, status: 'no_target' }),
    ])
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFperiod,ts,value,scope,area,source,target,progress',
      '2024,2023-12-31T17:00:00.000Z,50,district,Tam Kỳ,Sở TT&TT Quảng Nam,90,0.6',
      '2025,2024-12-31T17:00:00.000Z,54,district,Điện Bàn,Sở TT&TT Quảng Nam,90,0.6',
      '2025,2024-12-31T17:00:00.000Z,95,district,Hội An,,,',
      '',
    ])
  })

  it('quotes what would break a row or be a formula, keeps negative numbers numbers, and uploads back', () => {
    const csv = kpiValuesCsv([
      value({ value: -3.5, source: '=HYPERLINK("x"), Sở' }),
      value({ area: 'Hội An', source: 'a "quoted", source' }),
    ])
    const lines = csv.split('\r\n')
    expect(lines[1]).toBe(
      `2025,2024-12-31T17:00:00.000Z,-3.5,district,Điện Bàn,"'=HYPERLINK(""x""), Sở",90,0.6`,
    )
    // without its two reader's columns the file is an upload the api takes as it is
    const upload = lines.map((l) => l.replace(/,[^,]*,[^,]*$/, '')).join('\r\n')
    const parsed = parseKpiCsv(upload)
    expect(parsed).toMatchObject({ ok: true })
    expect(parsed.ok && parsed.values.map((v) => [v.area, v.value, v.source])).toEqual([
      ['Điện Bàn', -3.5, `'=HYPERLINK("x"), Sở`],
      ['Hội An', 54, 'a "quoted", source'],
    ])
  })
})
