import { describe, expect, it } from 'vitest'
import { bottomCentre, isInZone, pointInPolygon, zoneCounts, type Point, type Zone } from './index.js'

const square: Point[] = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.75, 0.75],
  [0.25, 0.75],
]
// An L: the unit square minus its top-right quarter.
const ell: Point[] = [
  [0, 0],
  [0.5, 0],
  [0.5, 0.5],
  [1, 0.5],
  [1, 1],
  [0, 1],
]
const frame = { width: 200, height: 100 }
const lowerHalf: Zone = {
  id: 'lane',
  polygon: [
    [0, 0.5],
    [1, 0.5],
    [1, 1],
    [0, 1],
  ],
}
const leftHalf: Zone = {
  id: 'kerb',
  polygon: [
    [0, 0],
    [0.5, 0],
    [0.5, 1],
    [0, 1],
  ],
}

describe('pointInPolygon', () => {
  it('answers exactly for convex and concave polygons', () => {
    expect(pointInPolygon([0.5, 0.5], square)).toBe(true)
    expect(pointInPolygon([0.1, 0.5], square)).toBe(false)
    expect(pointInPolygon([0.8, 0.5], square)).toBe(false)
    expect(pointInPolygon([0.25, 0.25], ell)).toBe(true)
    expect(pointInPolygon([0.75, 0.25], ell)).toBe(false) // in the notch
    expect(pointInPolygon([0.75, 0.75], ell)).toBe(true)
    expect(pointInPolygon([1.5, 0.75], ell)).toBe(false)
  })
})

describe('zones', () => {
  it('places an object by the bottom-centre of its box, not its centre', () => {
    expect(bottomCentre([10, 20, 30, 60])).toEqual([20, 60])
    // Bottom-centre (30, 60) -> (0.15, 0.6): in the lower half although the box centre is not.
    expect(isInZone([10, 10, 50, 60], lowerHalf, frame)).toBe(true)
    expect(isInZone([10, 0, 50, 40], lowerHalf, frame)).toBe(false)
  })

  it('places an object cut off by the frame edge inside a zone drawn to that edge', () => {
    const bottomRight: Zone = {
      id: 'br',
      polygon: [
        [0.5, 0.5],
        [1, 0.5],
        [1, 1],
        [0.5, 1],
      ],
    }
    // frame 200x100: boxes ending exactly on the bottom edge (a person close to the camera)
    expect(isInZone([120, 50, 160, 100], bottomRight, frame)).toBe(true)
    expect(isInZone([199, 50, 200, 100], bottomRight, frame)).toBe(true)
    expect(isInZone([0, 50, 40, 100], bottomRight, frame)).toBe(false)
  })

  it('counts the objects standing in each zone, listing empty zones with 0', () => {
    const objects = [
      { box: [10, 10, 50, 60] as [number, number, number, number] }, // (0.15, 0.6): lane and kerb
      { box: [120, 50, 160, 90] as [number, number, number, number] }, // (0.7, 0.9): lane
      { box: [20, 0, 40, 30] as [number, number, number, number] }, // (0.15, 0.3): kerb
    ]
    const nowhere: Zone = {
      id: 'nowhere',
      polygon: [
        [0.9, 0],
        [1, 0],
        [1, 0.1],
      ],
    }
    expect(Object.fromEntries(zoneCounts(objects, [lowerHalf, leftHalf, nowhere], frame))).toEqual({
      lane: 2,
      kerb: 2,
      nowhere: 0,
    })
  })
})
