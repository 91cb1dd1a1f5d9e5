import { describe, expect, it } from 'vitest'
import { isoTimestamp } from './iso-time.js'

describe('isoTimestamp', () => {
  it('writes what toISOString writes, across days, years and leap days', () => {
    const samples = [
      0,
      0.9,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.parse('2024-02-29T23:59:59.999Z'),
      Date.parse('2024-03-01T00:00:00.000Z'),
      Date.parse('2025-06-01T06:59:30.120Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      1748736000000.75,
    ]
    // and a pseudo-random walk over a thousand years, in and out of the day cache
    let ms = Date.parse('1900-01-01T00:00:00Z')
    for (let i = 0; i < 20_000; i++) samples.push((ms += ((i * 7919) % 997) * 3_600_001 + (i % 13)))
    const wrong = samples.filter((s) => isoTimestamp(s) !== new Date(s).toISOString())
    expect(wrong.map((s) => [s, isoTimestamp(s)])).toEqual([])
    expect(samples.length).toBeGreaterThan(20_000)
  })

  it('falls back to toISOString outside years 1970 to 9999, errors included', () => {
    for (const s of [-1, -86_400_001, -62_198_755_200_000, 253_402_300_800_000, 8.64e15])
      expect(isoTimestamp(s)).toBe(new Date(s).toISOString())
    expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError)
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError)
  })
})
