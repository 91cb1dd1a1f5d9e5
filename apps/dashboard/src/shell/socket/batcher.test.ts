import { describe, expect, it } from 'vitest'
import { createBatcher, type Scheduler } from './batcher.js'

/** A scheduler the test fires by hand, like an animation frame. */
function manualFrames() {
  const queued: (() => void)[] = []
  const schedule: Scheduler = (run) => {
    queued.push(run)
    return () => queued.splice(queued.indexOf(run), 1)
  }
  return { schedule, frame: () => queued.splice(0).forEach((run) => run()), pending: () => queued.length }
}

describe('createBatcher', () => {
  it('hands over everything that arrived between two frames in one call, in order', () => {
    const frames = manualFrames()
    const flushed: number[][] = []
    const batcher = createBatcher<number>((items) => flushed.push(items), frames.schedule)
    for (let i = 0; i < 500; i++) batcher.push(i)
    batcher.pushMany([500, 501])
    expect(frames.pending()).toBe(1) // one frame asked for, not 502
    expect(flushed).toEqual([])
    frames.frame()
    expect(flushed).toHaveLength(1)
    expect(flushed[0]).toEqual(Array.from({ length: 502 }, (_, i) => i))
    frames.frame()
    expect(flushed).toHaveLength(1) // nothing new, no empty call
    batcher.push(7)
    frames.frame()
    expect(flushed[1]).toEqual([7])
  })

  it('keeps the newest items when too many wait (a hidden tab), and counts the dropped', () => {
    const frames = manualFrames()
    const flushed: number[][] = []
    const batcher = createBatcher<number>((items) => flushed.push(items), frames.schedule, 3)
    batcher.pushMany([1, 2, 3, 4, 5])
    frames.frame()
    expect(flushed).toEqual([[3, 4, 5]])
    expect(batcher.dropped()).toBe(2)
  })

  it('flushes within MAX_WAIT_MS without animation frames (jsdom and hidden tabs have none)', async () => {
    const flushed: number[][] = []
    const batcher = createBatcher<number>((items) => flushed.push(items))
    batcher.push(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(flushed).toEqual([[1]])
  })
})
