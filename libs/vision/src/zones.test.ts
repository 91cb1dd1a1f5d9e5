import { describe, expect, it } from 'vitest'
import {
  bottomCentre,
  DwellTimer,
  isInZone,
  pointInPolygon,
  zoneOccupancy,
  type Point,
  type Zone,
} from './index.js'

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

  it('counts occupancy per zone and class', () => {
    const objects = [
      { id: 1, classId: 2, box: [10, 10, 50, 60] as [number, number, number, number] }, // (0.15, 0.6)
      { id: 2, classId: 3, box: [120, 50, 160, 90] as [number, number, number, number] }, // (0.7, 0.9)
      { id: 3, classId: 3, box: [20, 0, 40, 30] as [number, number, number, number] }, // (0.15, 0.3)
    ]
    expect(zoneOccupancy(objects, [lowerHalf, leftHalf], frame)).toEqual([
      { zoneId: 'lane', count: 2, byClass: { 2: 1, 3: 1 }, trackIds: [1, 2] },
      { zoneId: 'kerb', count: 2, byClass: { 2: 1, 3: 1 }, trackIds: [1, 3] },
    ])
  })

  it('measures dwell per track and zone, through a missed frame, until the object leaves', () => {
    const timer = new DwellTimer([lowerHalf, leftHalf])
    const at = (y2: number) => ({
      id: 7,
      classId: 2,
      box: [10, y2 - 20, 50, y2] as [number, number, number, number],
    })
    expect(timer.update([at(40)], frame, 0)).toMatchObject({ exited: [] })
    expect(timer.update([at(40)], frame, 0).inside).toMatchObject([
      { zoneId: 'kerb', enteredAt: 0, dwell: 0 },
    ])
    timer.update([at(60)], frame, 1000) // enters the lane, still on the kerb
    timer.update([at(70)], frame, 2000)
    expect(timer.update([], frame, 3000).inside).toEqual([
      { trackId: 7, zoneId: 'kerb', classId: 2, enteredAt: 0, lastInsideAt: 2000, dwell: 2000 },
      { trackId: 7, zoneId: 'lane', classId: 2, enteredAt: 1000, lastInsideAt: 2000, dwell: 1000 },
    ])
    expect(timer.update([at(80)], frame, 4000).inside.map((s) => [s.zoneId, s.dwell])).toEqual([
      ['kerb', 4000],
      ['lane', 3000],
    ])
    const left = timer.update([at(40)], frame, 5000)
    expect(left.exited).toEqual([
      { trackId: 7, zoneId: 'lane', classId: 2, enteredAt: 1000, lastInsideAt: 4000, dwell: 3000 },
    ])
    expect(left.inside.map((s) => [s.zoneId, s.dwell])).toEqual([['kerb', 5000]])
    expect(timer.removeTrack(7)).toEqual([
      { trackId: 7, zoneId: 'kerb', classId: 2, enteredAt: 0, lastInsideAt: 5000, dwell: 5000 },
    ])
    expect(timer.update([], frame, 6000).inside).toEqual([])
  })
})
