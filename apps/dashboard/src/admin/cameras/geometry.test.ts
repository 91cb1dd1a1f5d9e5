import { describe, expect, it } from 'vitest'
import { boxInAnyZone, freeId, inside, lineArrows, moved, normalise } from './geometry.js'

describe('zone and line geometry', () => {
  it('normalises pointer positions to the picture, clamped', () => {
    const rect = { left: 100, top: 50, width: 400, height: 200 }
    expect(normalise(300, 150, rect)).toEqual([0.5, 0.5])
    expect(normalise(50, 400, rect)).toEqual([0, 1])
  })

  it('moves a shape without leaving the picture', () => {
    expect(
      moved(
        [
          [0.1, 0.1],
          [0.3, 0.2],
        ],
        -0.5,
        0.1,
      ),
    ).toEqual([
      [0, 0.2],
      [0.2, 0.3],
    ])
  })

  it('puts a box in a zone by its bottom centre', () => {
    const zone = {
      id: 'z',
      name: 'z',
      kind: 'restricted' as const,
      points: [
        [0, 0.5],
        [1, 0.5],
        [1, 1],
        [0, 1],
      ] as [number, number][],
    }
    expect(inside([0.5, 0.75], zone.points)).toBe(true)
    // the head above the zone, the feet in it
    expect(boxInAnyZone([0.4, 0.2, 0.6, 0.7], [zone])).toBe(true)
    expect(boxInAnyZone([0.4, 0.1, 0.6, 0.4], [zone])).toBe(false)
    // cut off by the bottom edge still counts
    expect(boxInAnyZone([0.4, 0.6, 0.6, 1], [zone])).toBe(true)
  })

  it('points the leftToRight arrow downwards for a line drawn left to right', () => {
    const { toRight, toLeft, mid } = lineArrows({
      points: [
        [0.1, 0.5],
        [0.9, 0.5],
      ],
    })
    expect(mid).toEqual([0.5, 0.5])
    expect(toRight[1]).toBeGreaterThan(0.5)
    expect(toLeft[1]).toBeLessThan(0.5)
  })

  it('gives the first free id', () => {
    expect(freeId('zone', ['zone-1', 'zone-3'])).toBe('zone-2')
  })
})
