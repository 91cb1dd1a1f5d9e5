import { describe, expect, it } from 'vitest'
import { anchorCount, decodeYolov8 } from './index.js'

describe('decodeYolov8', () => {
  it('reads the channel-major layout: all cx, then all cy, w, h, then each class over all anchors', () => {
    // 3 anchors, 2 classes: rows are channels.
    const out = Float32Array.from([
      ...[10, 100, 50], // cx
      ...[20, 200, 60], // cy
      ...[4, 40, 8], // w
      ...[8, 20, 16], // h
      ...[0.75, 0.125, 0.25], // class 0
      ...[0.5, 0.875, 0.25], // class 1
    ])
    expect(decodeYolov8(out, { numClasses: 2, scoreThreshold: 0.25 })).toEqual([
      { box: [8, 16, 12, 24], classId: 0, score: 0.75 },
      { box: [80, 190, 120, 210], classId: 1, score: 0.875 },
    ])
  })

  it('decodes exact boxes from a full 640 COCO output (1 x 84 x 8400)', () => {
    const A = anchorCount(640)
    const out = new Float32Array(84 * A)
    const put = (a: number, cx: number, cy: number, w: number, h: number, cls: number, p: number) => {
      out[a] = cx
      out[A + a] = cy
      out[2 * A + a] = w
      out[3 * A + a] = h
      out[(4 + cls) * A + a] = p
    }
    put(100, 320, 240, 64, 32, 3, 0.75)
    put(8399, 10, 20, 20, 40, 0, 0.5)
    expect(decodeYolov8(out, { numClasses: 80, scoreThreshold: 0.5 })).toEqual([
      { box: [288, 224, 352, 256], classId: 3, score: 0.75 },
    ])
    expect(decodeYolov8(out, { numClasses: 80, scoreThreshold: 0.4 })).toEqual([
      { box: [288, 224, 352, 256], classId: 3, score: 0.75 },
      { box: [0, 0, 20, 40], classId: 0, score: 0.5 },
    ])
  })

  it('rejects a tensor that is not (4 + C) x anchors', () => {
    expect(() => decodeYolov8(new Float32Array(85), { numClasses: 80, scoreThreshold: 0.3 })).toThrow(
      expect.objectContaining({ code: 'TENSOR_SHAPE' }),
    )
  })
})
