import { describe, expect, it } from 'vitest'
import { crossingDirection, LineCounter, sideOfLine, type Box, type CountLine } from './index.js'

const frame = { width: 100, height: 100 }
// Drawn left to right across the middle: 'in' is moving down the screen.
const across: CountLine = { id: 'across', a: [0, 0.5], b: [1, 0.5] }
/** A 10x10 box whose bottom-centre is (x, y) in pixels. */
const at = (x: number, y: number): Box => [x - 5, y - 10, x + 5, y]

describe('sideOfLine / crossingDirection', () => {
  it('puts the right-hand side of a->b (on screen, y down) positive', () => {
    expect(sideOfLine([0.5, 0.6], across.a, across.b)).toBeCloseTo(0.1, 12)
    expect(sideOfLine([0.5, 0.4], across.a, across.b)).toBeCloseTo(-0.1, 12)
    expect(sideOfLine([0.3, 0.5], across.a, across.b)).toBe(0)
  })

  it("counts left-to-right of a->b as 'in', right-to-left as 'out'", () => {
    expect(crossingDirection([0.5, 0.4], [0.5, 0.6], across)).toBe('in')
    expect(crossingDirection([0.5, 0.6], [0.5, 0.4], across)).toBe('out')
    // A line drawn downwards: its right-hand side is the left of the screen.
    const down = { a: [0.5, 0] as [number, number], b: [0.5, 1] as [number, number] }
    expect(crossingDirection([0.6, 0.5], [0.4, 0.5], down)).toBe('in')
    expect(crossingDirection([0.4, 0.5], [0.6, 0.5], down)).toBe('out')
  })

  it('ignores moves that stay on one side, touch the line, or pass beside the segment', () => {
    expect(crossingDirection([0.5, 0.3], [0.5, 0.4], across)).toBeNull()
    expect(crossingDirection([0.5, 0.4], [0.5, 0.5], across)).toBeNull()
    const short = { a: [0.2, 0.5] as [number, number], b: [0.4, 0.5] as [number, number] }
    expect(crossingDirection([0.6, 0.4], [0.6, 0.6], short)).toBeNull()
    expect(crossingDirection([0.3, 0.4], [0.3, 0.6], short)).toBe('in')
    // Diagonal move whose path clips the segment's end point: it touches the segment, so it counts.
    expect(crossingDirection([0.3, 0.4], [0.5, 0.6], short)).toBe('in')
  })
})

describe('LineCounter', () => {
  it('counts each crossing once, per direction and class', () => {
    const counter = new LineCounter([across])
    const paths: Record<number, { classId: number; ys: number[] }> = {
      1: { classId: 2, ys: [40, 45, 55, 60, 70] }, // down: one 'in'
      2: { classId: 3, ys: [70, 60, 45, 40, 30] }, // up: one 'out'
      3: { classId: 3, ys: [40, 50, 50, 50, 60] }, // stops on the line, then goes on: one 'in'
      4: { classId: 3, ys: [40, 60, 40, 40, 45] }, // crosses and comes back: 'in' then 'out'
    }
    const events: string[] = []
    for (let k = 0; k < 5; k++) {
      const objects = Object.entries(paths).map(([id, p]) => ({
        id: Number(id),
        classId: p.classId,
        box: at(50, p.ys[k]!),
      }))
      for (const c of counter.update(objects, frame, k * 200))
        events.push(`${c.timestamp} ${c.trackId} ${c.direction}`)
    }
    expect(events).toEqual(['200 4 in', '400 1 in', '400 2 out', '400 4 out', '800 3 in'])
    expect(counter.counts()).toEqual({
      across: { in: { total: 3, byClass: { 2: 1, 3: 2 } }, out: { total: 2, byClass: { 3: 2 } } },
    })
  })

  it('does not count a track seen for the first time beyond the line, and resets counts on request', () => {
    const counter = new LineCounter([across])
    expect(counter.update([{ id: 1, classId: 2, box: at(50, 60) }], frame, 0)).toEqual([])
    expect(counter.update([{ id: 1, classId: 2, box: at(50, 40) }], frame, 200)).toMatchObject([
      { direction: 'out' },
    ])
    counter.resetCounts()
    expect(counter.counts()).toEqual({
      across: { in: { total: 0, byClass: {} }, out: { total: 0, byClass: {} } },
    })
    counter.removeTrack(1)
    expect(counter.update([{ id: 1, classId: 2, box: at(50, 60) }], frame, 400)).toEqual([])
  })

  it('works in normalised coordinates whatever the frame size', () => {
    const counter = new LineCounter([{ id: 'gate', a: [0.5, 0], b: [0.5, 1] }])
    const wide = { width: 1920, height: 1080 }
    counter.update([{ id: 9, classId: 0, box: at(1000, 500) }], wide, 0)
    expect(counter.update([{ id: 9, classId: 0, box: at(900, 520) }], wide, 200)).toEqual([
      { lineId: 'gate', trackId: 9, classId: 0, direction: 'in', timestamp: 200 },
    ])
  })
})
