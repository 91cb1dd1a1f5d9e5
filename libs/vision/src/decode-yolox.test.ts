import { describe, expect, it } from 'vitest'
import { anchorCount, decodeYolox, VisionError } from './index.js'

const ROW = 85 // 4 box values, objectness, 80 classes

/** A zero YOLOX output for a 416 input with the given anchors set: [tx, ty, tw, th, obj, {class: p}]. */
function yoloxOutput(
  anchors: Record<number, [number, number, number, number, number, Record<number, number>]>,
) {
  const out = new Float32Array(3549 * ROW)
  for (const [a, [tx, ty, tw, th, obj, classes]] of Object.entries(anchors)) {
    const o = Number(a) * ROW
    out.set([tx, ty, tw, th, obj], o)
    for (const [c, p] of Object.entries(classes)) out[o + 5 + Number(c)] = p
  }
  return out
}

describe('anchorCount', () => {
  it('sums the grids of strides 8, 16 and 32', () => {
    expect(anchorCount(416)).toBe(52 * 52 + 26 * 26 + 13 * 13)
    expect(anchorCount(416)).toBe(3549)
    expect(anchorCount(640)).toBe(8400)
    expect(anchorCount({ width: 640, height: 384 })).toBe(80 * 48 + 40 * 24 + 20 * 12)
  })

  it('rejects inputs that are not a multiple of the largest stride', () => {
    expect(() => anchorCount(420)).toThrow(VisionError)
  })
})

describe('decodeYolox', () => {
  it('decodes grid offsets of each head into exact model-pixel boxes, score = objectness x class', () => {
    const out = yoloxOutput({
      // stride 8, gx 10, gy 5 (anchor 5 * 52 + 10)
      270: [0.5, 0.25, 0, 0, 0.75, { 2: 0.5, 7: 0.25 }],
      // stride 16, gx 3, gy 2 (anchor 2704 + 2 * 26 + 3)
      2759: [-0.5, 1.5, 0, 0, 1, { 3: 0.875 }],
      // stride 32, last cell gx 12, gy 12
      3548: [0.5, 0.5, 0, 0, 0.5, { 0: 1 }],
    })
    expect(decodeYolox(out, { inputSize: 416, scoreThreshold: 0.3 })).toEqual([
      { box: [80, 38, 88, 46], classId: 2, score: 0.375 },
      { box: [32, 48, 48, 64], classId: 3, score: 0.875 },
      { box: [384, 384, 416, 416], classId: 0, score: 0.5 },
    ])
  })

  it('exponentiates the size offsets and multiplies by the stride', () => {
    const ln2 = Math.log(2)
    const ln3 = Math.log(3)
    const out = yoloxOutput({ 2759: [0, 0, ln2, ln3, 1, { 0: 1 }] })
    const [d] = decodeYolox(out, { inputSize: 416, scoreThreshold: 0.3 })
    // Centre (3 * 16, 2 * 16) = (48, 32), size (2 * 16, 3 * 16) = (32, 48).
    ;[32, 8, 64, 56].forEach((v, i) => expect(d!.box[i]).toBeCloseTo(v, 5))
  })

  it('keeps scores strictly above the threshold and takes the best class only', () => {
    const out = yoloxOutput({
      0: [0, 0, 0, 0, 0.5, { 1: 0.5 }], // 0.25
      1: [0, 0, 0, 0, 1, { 4: 0.25, 5: 0.125 }], // 0.25, class 4
      2: [0, 0, 0, 0, 0.25, { 1: 1 }], // obj alone at the threshold
    })
    expect(decodeYolox(out, { inputSize: 416, scoreThreshold: 0.25 })).toEqual([])
    const low = decodeYolox(out, { inputSize: 416, scoreThreshold: 0.24 })
    expect(low.map((d) => [d.classId, d.score])).toEqual([
      [1, 0.25],
      [4, 0.25],
      [1, 0.25],
    ])
    expect(low[1]!.box).toEqual([4, -4, 12, 4])
  })

  it('derives the class count from the tensor and decodes a non-square input', () => {
    const size = { width: 64, height: 32 }
    const n = anchorCount(size) // 8x4 + 4x2 + 2x1 = 42
    expect(n).toBe(42)
    const out = new Float32Array(n * 7) // 2 classes
    out.set([0, 0, 0, 0, 1, 0.25, 0.75], 41 * 7) // stride 32, gx 1, gy 0
    expect(decodeYolox(out, { inputSize: size, scoreThreshold: 0.5 })).toEqual([
      { box: [16, -16, 48, 16], classId: 1, score: 0.75 },
    ])
  })

  it('rejects a tensor that does not match the input size', () => {
    expect(() => decodeYolox(new Float32Array(8400 * ROW), { inputSize: 416, scoreThreshold: 0.3 })).toThrow(
      expect.objectContaining({ code: 'TENSOR_SHAPE' }),
    )
  })
})
