import { describe, expect, it } from 'vitest'
import { RecentFrames } from './recent-frames.js'

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s))

describe('RecentFrames', () => {
  it('answers the frame nearest a moment, not the latest, within the allowed skew', () => {
    const frames = new RecentFrames<string>(3)
    frames.push('cam', t(0), 'a')
    frames.push('cam', t(3), 'b')
    frames.push('cam', t(6), 'c')
    expect(frames.nearest('cam', t(2), 5000)).toEqual({ at: t(3), item: 'b' })
    expect(frames.nearest('cam', t(1), 5000)).toEqual({ at: t(0), item: 'a' })
    // a tie goes to the earlier one: the picture from before the detection, not after
    expect(frames.nearest('cam', new Date(t(1).getTime() + 500), 5000)?.item).toBe('a')
    expect(frames.nearest('cam', t(20), 5000)).toBeNull()
    expect(frames.nearest('other', t(0), 5000)).toBeNull()
    expect(frames.latest('cam')).toEqual({ at: t(6), item: 'c' })
  })

  it('keeps only the last few per camera', () => {
    const frames = new RecentFrames<number>(2)
    for (let i = 0; i < 5; i++) frames.push('cam', t(i), i)
    expect(frames.nearest('cam', t(0), 60_000)?.item).toBe(3)
    frames.delete('cam')
    expect(frames.latest('cam')).toBeNull()
  })
})
