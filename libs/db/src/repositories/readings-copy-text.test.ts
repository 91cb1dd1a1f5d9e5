import { describe, expect, it } from 'vitest'
import { readingsCopyText, type ReadingRow } from './readings.repository.js'

describe('readingsCopyText', () => {
  it('writes one tab-separated line a row, times as toISOString writes them', () => {
    const shared = new Date('2025-06-01T06:59:30.120Z')
    const rows: ReadingRow[] = [
      { ts: shared, deviceId: 'aq-hoian-01', metric: 'pm25', value: 41.2 },
      { ts: shared, deviceId: 'aq-hoian-01', metric: 'pm10', value: -0.5 },
      { ts: new Date('2025-06-01T06:59:30.121Z'), deviceId: 'aq-hoian-01', metric: 'pm25', value: 1e21 },
      // an equal time in another Date object, and the first Date again after it
      { ts: new Date(shared.getTime()), deviceId: 'wl-tamky-02', metric: 'water_level_cm', value: 132 },
      { ts: shared, deviceId: 'wl-tamky-02', metric: 'rain_mm', value: 0 },
    ]
    const naive = rows.map((r) => `${r.ts.toISOString()}\t${r.deviceId}\t${r.metric}\t${r.value}\n`).join('')
    expect(readingsCopyText(rows)).toBe(naive)
    expect(readingsCopyText(rows).split('\n')[2]).toBe('2025-06-01T06:59:30.121Z\taq-hoian-01\tpm25\t1e+21')
  })
})
