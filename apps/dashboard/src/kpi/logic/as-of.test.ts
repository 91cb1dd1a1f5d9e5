import { describe, expect, it } from 'vitest'
import { asOfText } from './as-of.js'

describe('asOfText', () => {
  const now = Date.parse('2026-12-03T05:00:00Z') // 12:00 in Vietnam
  it('says the time alone for today in province time, with the date for another day', () => {
    expect(asOfText('vi', Date.parse('2026-12-03T02:07:00Z'), now)).toBe('09:07')
    expect(asOfText('en', Date.parse('2026-12-03T02:07:00Z'), now)).toBe('09:07')
    // 23:30 on 2 December in Vietnam: yesterday, though the same UTC day
    expect(asOfText('vi', Date.parse('2026-12-02T16:30:00Z'), now)).toBe('23:30 02/12/2026')
    expect(asOfText('en', Date.parse('2026-12-02T16:30:00Z'), now)).toBe('23:30 02/12/2026')
  })
})
