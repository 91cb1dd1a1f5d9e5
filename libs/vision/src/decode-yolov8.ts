import { VisionError } from './errors.js'
import type { Detection } from './types.js'

export interface Yolov8DecodeOptions {
  /** Number of classes C (80 for COCO); the anchor count follows from the tensor length. */
  numClasses: number
  /** Keep candidates whose best class score is strictly above this. */
  scoreThreshold: number
}

/**
 * Decodes an Ultralytics YOLOv8 / YOLO11 ONNX output of shape 1 x (4 + C) x A: channel-major,
 * so value (channel k, anchor a) is at k * A + a. Channels 0..3 are cx, cy, w, h already in
 * model-input pixels (the export decodes the grid itself); the C class scores are already
 * sigmoided and there is no objectness, so a class score is the detection score.
 *
 * Each anchor gives at most one candidate, its best class (Ultralytics' default, multi_label off).
 * Boxes are [x1, y1, x2, y2] in model-input pixels.
 */
export function decodeYolov8(output: Float32Array, options: Yolov8DecodeOptions): Detection[] {
  const channels = 4 + options.numClasses
  const anchors = output.length / channels
  if (
    !Number.isInteger(options.numClasses) ||
    options.numClasses < 1 ||
    !Number.isInteger(anchors) ||
    anchors < 1
  ) {
    throw new VisionError(
      'TENSOR_SHAPE',
      `YOLOv8 output of ${output.length} floats is not (4 + ${options.numClasses}) channels x anchors`,
    )
  }
  const threshold = options.scoreThreshold
  const found: Detection[] = []
  for (let a = 0; a < anchors; a++) {
    let best = -1
    let score = -Infinity
    for (let c = 0; c < options.numClasses; c++) {
      const p = output[(4 + c) * anchors + a]!
      if (p > score) {
        score = p
        best = c
      }
    }
    if (!(score > threshold)) continue
    const cx = output[a]!
    const cy = output[anchors + a]!
    const hw = output[2 * anchors + a]! / 2
    const hh = output[3 * anchors + a]! / 2
    found.push({ box: [cx - hw, cy - hh, cx + hw, cy + hh], classId: best, score })
  }
  return found
}
