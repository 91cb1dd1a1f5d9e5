import type { Box, Detection } from './types.js'

/** Intersection over union of two [x1, y1, x2, y2] boxes; 0 when either has no area. */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0])
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1])
  if (iw <= 0 || ih <= 0) return 0
  const inter = iw * ih
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
  return union > 0 ? inter / union : 0
}

export interface NmsOptions {
  /** A box is suppressed when its IoU with a kept, higher-scoring box of the same class is above this. */
  iouThreshold?: number
  /** At most this many detections survive, highest scores first. */
  maxDetections?: number
  /** Suppress across classes too (one box per object whatever its label). */
  classAgnostic?: boolean
}

export const DEFAULT_NMS_IOU = 0.45

/**
 * Greedy non-maximum suppression, per class by default: a rider and the motorcycle under them
 * overlap heavily, and suppressing across classes would lose one of the two, which in Vietnamese
 * traffic is most of the scene. Returns the kept detections sorted by score, highest first; equal
 * scores keep their input order (the sort is stable), so the result is deterministic.
 */
export function nms(detections: readonly Detection[], options: NmsOptions = {}): Detection[] {
  const threshold = options.iouThreshold ?? DEFAULT_NMS_IOU
  const max = options.maxDetections ?? 300
  const sorted = [...detections].sort((x, y) => y.score - x.score)
  const kept: Detection[] = []
  for (const d of sorted) {
    if (kept.length >= max) break
    // Comparing against the kept boxes only: O(n x kept), and kept stays small.
    const suppressed = kept.some(
      (k) => (options.classAgnostic || k.classId === d.classId) && iou(k.box, d.box) > threshold,
    )
    if (!suppressed) kept.push(d)
  }
  return kept
}
