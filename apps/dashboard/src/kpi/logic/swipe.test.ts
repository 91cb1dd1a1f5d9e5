import { describe, expect, it } from 'vitest'
import { sectionAfter, swipeOf } from './swipe.js'

describe('swipes between sections', () => {
  it('takes a long sideways stroke, not a scroll or a short slip', () => {
    expect(swipeOf({ x: 600, y: 500 }, { x: 300, y: 520 })).toBe('next')
    expect(swipeOf({ x: 300, y: 500 }, { x: 600, y: 480 })).toBe('previous')
    expect(swipeOf({ x: 600, y: 500 }, { x: 560, y: 500 })).toBeNull() // too short
    expect(swipeOf({ x: 600, y: 500 }, { x: 450, y: 200 })).toBeNull() // a diagonal scroll
  })

  it('moves one section, stopping at the first and the last', () => {
    const s = ['behind', 'city', 'plans'] as const
    expect(sectionAfter(s, 0, 'next')).toBe('city')
    expect(sectionAfter(s, 2, 'next')).toBe('plans')
    expect(sectionAfter(s, 1, 'previous')).toBe('behind')
    expect(sectionAfter(s, 0, 'previous')).toBe('behind')
  })
})
