import { VisionError } from './errors.js'
import type { Detection, Size } from './types.js'

/** The three YOLOX/YOLOv8 detection heads: grid cells of 8, 16 and 32 model pixels. */
export const DEFAULT_STRIDES: readonly number[] = [8, 16, 32]

/** Number of anchor points (grid cells over all heads): 3549 for 416x416, 8400 for 640x640. */
export function anchorCount(input: number | Size, strides: readonly number[] = DEFAULT_STRIDES): number {
  const { width, height } = typeof input === 'number' ? { width: input, height: input } : input
  let n = 0
  for (const s of strides) {
    if (width % s !== 0 || height % s !== 0) {
      throw new VisionError('BAD_SIZE', `model input ${width}x${height} is not a multiple of stride ${s}`)
    }
    n += (width / s) * (height / s)
  }
  return n
}

export interface YoloxDecodeOptions {
  /** Model input size in pixels (416 for YOLOX-Nano). */
  inputSize: number | Size
  /** Keep candidates whose objectness x class probability is strictly above this. */
  scoreThreshold: number
  strides?: readonly number[]
}

/**
 * Decodes a YOLOX output of shape 1 x N x (5 + C), row per anchor: tx, ty, tw, th, objectness,
 * C class probabilities. Anchors run head by head (stride 8 first), row-major inside a head.
 *
 * Assumes the standard ONNX export (`decode_in_inference=False`): objectness and class
 * probabilities already went through a sigmoid inside the graph, the four box values did not
 * (test/yolox-model.test.ts checks this on the shipped yolox_nano.onnx graph). Sigmoiding them
 * again would squash every score into 0.5..0.73 and the threshold would mean nothing.
 *
 * Each anchor gives at most one candidate, its best class, as YOLOX's own post-processing does.
 * Boxes are [x1, y1, x2, y2] in model-input pixels.
 */
export function decodeYolox(output: Float32Array, options: YoloxDecodeOptions): Detection[] {
  const size =
    typeof options.inputSize === 'number'
      ? { width: options.inputSize, height: options.inputSize }
      : options.inputSize
  const strides = options.strides ?? DEFAULT_STRIDES
  const anchors = anchorCount(size, strides)
  const row = output.length / anchors
  if (!Number.isInteger(row) || row < 6) {
    throw new VisionError(
      'TENSOR_SHAPE',
      `YOLOX output of ${output.length} floats is not ${anchors} anchors x (5 + classes) for input ${size.width}x${size.height}`,
    )
  }
  const threshold = options.scoreThreshold
  const found: Detection[] = []
  let a = 0
  for (const stride of strides) {
    const gw = size.width / stride
    const gh = size.height / stride
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, a++) {
        const o = a * row
        const obj = output[o + 4]!
        // Class probabilities are at most 1, so a weak objectness cannot reach the threshold: skip the class scan.
        if (obj <= threshold) continue
        let best = -1
        let bestP = -Infinity
        for (let c = 5; c < row; c++) {
          const p = output[o + c]!
          if (p > bestP) {
            bestP = p
            best = c - 5
          }
        }
        const score = obj * bestP
        if (!(score > threshold)) continue
        const cx = (output[o]! + gx) * stride
        const cy = (output[o + 1]! + gy) * stride
        const hw = (Math.exp(output[o + 2]!) * stride) / 2
        const hh = (Math.exp(output[o + 3]!) * stride) / 2
        found.push({ box: [cx - hw, cy - hh, cx + hw, cy + hh], classId: best, score })
      }
    }
  }
  return found
}
