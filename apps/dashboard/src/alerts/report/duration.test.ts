import { describe, expect, it } from 'vitest'
import { durationText } from './duration.js'

describe('durationText', () => {
  it('says a mean time in the unit people use for it, in either language', () => {
    expect(durationText('vi', 45)).toBe('45 giây')
    expect(durationText('vi', 12 * 60)).toBe('12 phút')
    expect(durationText('vi', 3.5 * 3600)).toBe('3,5 giờ')
    expect(durationText('en', 3.5 * 3600)).toBe('3.5 h')
    expect(durationText('en', 100 * 60)).toBe('1.7 h')
    expect(durationText('en', null)).toBeNull()
  })
})
