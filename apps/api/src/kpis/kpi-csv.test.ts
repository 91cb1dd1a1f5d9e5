import { describe, expect, it } from 'vitest'
import { parseKpiCsv } from './kpi-csv.js'

describe('parseKpiCsv', () => {
  it('reads values with defaults, quotes, CRLF, a BOM, ";" and decimal commas', () => {
    const text =
      '\uFEFFperiod;value;scope;area;source\r\n2024;41,5;;Tam Kỳ;"báo cáo; quý 4"\r\n\r\n2025-Q1;-2;district;"Hội An ""cũ""";\r\n'
    expect(parseKpiCsv(text)).toEqual({
      ok: true,
      lines: [2, 4],
      values: [
        { period: '2024', value: 41.5, scope: 'province', area: 'Tam Kỳ', source: 'báo cáo; quý 4' },
        { period: '2025-Q1', value: -2, scope: 'district', area: 'Hội An "cũ"' },
      ],
    })
  })

  it('reports every bad line with its number and reason', () => {
    const text = [
      'period,value,area',
      '2024,10,Tam Kỳ', // 2 ok
      '2024,abc,Hội An', // 3 value not a number
      '2024-13,5,Núi Thành', // 4 bad period
      ',7,Điện Bàn', // 5 neither period nor ts
      '2024,8', // 6 missing a field
      '"2024\nQ1",9,Duy Xuyên', // 7-8: a quoted newline, bad period
      '2024,11,Thăng Bình', // 9 ok
    ].join('\n')
    const result = parseKpiCsv(text)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7])
    expect(result.errors[0]!.message).toMatch(/^value: /)
    expect(result.errors[1]!.message).toMatch(/^period: period is YYYY/)
    expect(result.errors[2]!.message).toBe('period: a value needs a period or a ts')
    expect(result.errors[3]!.message).toBe('2 fields, the header has 3')
  })

  it('refuses a header with unknown or missing columns, and an empty file', () => {
    expect(parseKpiCsv('period,valeur,area\n2024,1,x')).toEqual({
      ok: false,
      errors: [{ line: 1, message: expect.stringContaining('unknown column "valeur"') }],
    })
    const missing = parseKpiCsv('period,value\n2024,1')
    expect(!missing.ok && missing.errors[0]!.message).toBe('missing column "area"')
    expect(parseKpiCsv('').ok).toBe(false)
    expect(parseKpiCsv('value,area\n\n').ok).toBe(false)
  })
})
