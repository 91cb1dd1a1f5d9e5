import { describe, expect, it } from 'vitest'
import { iou, nms, type Detection } from './index.js'

describe('iou', () => {
  it('is exact for overlapping, identical, contained, touching and disjoint boxes', () => {
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBe(50 / 150)
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1)
    expect(iou([0, 0, 10, 10], [0, 0, 5, 10])).toBe(0.5)
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0)
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0)
    expect(iou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0)
  })
})

describe('nms', () => {
  const A: Detection = { box: [0, 0, 10, 10], classId: 2, score: 0.9 }
  const B: Detection = { box: [1, 0, 11, 10], classId: 2, score: 0.8 } // IoU with A 90/110
  const C: Detection = { box: [5, 0, 15, 10], classId: 2, score: 0.7 } // IoU with A 1/3, with B 60/140
  const D: Detection = { box: [0, 0, 10, 10], classId: 3, score: 0.6 } // same box as A, other class

  it('suppresses overlaps above 0.45 within a class only, highest score first', () => {
    expect(nms([D, C, B, A])).toEqual([A, C, D])
  })

  it('suppresses across classes when class-agnostic', () => {
    expect(nms([D, C, B, A], { classAgnostic: true })).toEqual([A, C])
  })

  it('keeps a box whose IoU equals the threshold, and honours another threshold', () => {
    const half: Detection = { box: [0, 0, 5, 10], classId: 2, score: 0.5 } // IoU with A exactly 0.5
    expect(nms([A, half], { iouThreshold: 0.5 })).toEqual([A, half])
    expect(nms([A, half], { iouThreshold: 0.49 })).toEqual([A])
    expect(nms([A, B, C], { iouThreshold: 0.9 })).toEqual([A, B, C])
    expect(nms([A, B, C], { iouThreshold: 0.3 })).toEqual([A])
  })

  it('stops at maxDetections', () => {
    expect(nms([D, C, B, A], { maxDetections: 2 })).toEqual([A, C])
    expect(nms([])).toEqual([])
  })
})
