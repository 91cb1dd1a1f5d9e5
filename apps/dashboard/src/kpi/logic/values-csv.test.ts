import { describe, expect, it } from 'vitest'
import { valuesCsv } from './values-csv.js'
import { value } from './test-values.js'

describe('valuesCsv', () => {
  it('writes the upload columns first, oldest first, quoting what needs it, with a BOM', () => {
    const csv = valuesCsv([
      value({
        period: '2025',
        ts: '2024-12-31T17:00:00.000Z',
        value: 81.5,
        target: { period: '2030', value: 90 },
        progress: 0.9056,
        status: 'behind',
      }),
      value({
        period: '2024',
        ts: '2023-12-31T17:00:00.000Z',
        value: 70,
        area: 'Hội An',
        source: 'Sở TT&TT, báo cáo "quý 4", 2024',
      }),
    ])
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFperiod,ts,value,scope,area,source,target,progress',
      '2024,2023-12-31T17:00:00.000Z,70,district,Hội An,"Sở TT&TT, báo cáo ""quý 4"", 2024",,',
      '2025,2024-12-31T17:00:00.000Z,81.5,district,Tam Kỳ,,90,0.9056',
    ])
  })
})
