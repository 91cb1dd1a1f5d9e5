// Detection frames kept by their frame time, so that the boxes drawn over a video frame are those
// of that frame, not the ones that came last over the socket. The video is shown a few hundred ms
// behind live while boxes arrive as soon as detection is done, so for the frame on screen there
// usually is a detection frame just before it and one just after: a tracked object's box is
// interpolated between the two, and moves with the picture instead of jumping 5 times a second.
import type { Box, Detection, DetectionFrame } from '@ioc/contracts'

export interface TimedDetections {
  detections: Detection[]
  /** How far the detections' time is from the time asked for (ms; 0 when interpolated). */
  offsetMs: number
}

export interface TimelineOptions {
  /** Frames older than this behind the newest are dropped (ms). */
  keepMs?: number
  /** Two frames further apart than this are not interpolated between (ms). */
  maxGapMs?: number
  /** A frame's boxes are shown at most this long after it, when no later frame is there (ms). */
  holdMs?: number
}

interface Entry {
  ts: number
  detections: Detection[]
}

export class DetectionTimeline {
  private readonly entries: Entry[] = []
  private readonly keepMs: number
  private readonly maxGapMs: number
  private readonly holdMs: number

  constructor(options: TimelineOptions = {}) {
    this.keepMs = options.keepMs ?? 5000
    this.maxGapMs = options.maxGapMs ?? 1000
    this.holdMs = options.holdMs ?? 400
  }

  get size(): number {
    return this.entries.length
  }

  push(frame: DetectionFrame): void {
    const ts = Date.parse(frame.ts)
    if (!Number.isFinite(ts)) return
    const entry = { ts, detections: frame.detections }
    // frames come in order almost always; one that was overtaken is put in its place
    let i = this.entries.length
    while (i > 0 && this.entries[i - 1]!.ts > ts) i--
    if (i > 0 && this.entries[i - 1]!.ts === ts) this.entries[i - 1] = entry
    else this.entries.splice(i, 0, entry)
    const newest = this.entries[this.entries.length - 1]!.ts
    while (this.entries.length && this.entries[0]!.ts < newest - this.keepMs) this.entries.shift()
  }

  clear(): void {
    this.entries.length = 0
  }

  /** The detections at wall-clock time `t` (ms), or null when no frame is near enough. */
  at(t: number): TimedDetections | null {
    const next = this.entries.findIndex((e) => e.ts > t)
    const before =
      next === -1 ? this.entries[this.entries.length - 1] : next > 0 ? this.entries[next - 1] : undefined
    const after = next === -1 ? undefined : this.entries[next]
    if (before && after && after.ts - before.ts <= this.maxGapMs) {
      return { detections: interpolate(before, after, t), offsetMs: 0 }
    }
    if (before && t - before.ts <= this.holdMs)
      return { detections: before.detections, offsetMs: before.ts - t }
    if (after && after.ts - t <= this.holdMs / 2)
      return { detections: after.detections, offsetMs: after.ts - t }
    return null
  }
}

/**
 * Boxes at `t` between two frames: a track seen in both moves linearly from one box to the other;
 * anything else is shown as the nearer frame has it (an object that appears or leaves does so at
 * the frame between).
 */
function interpolate(before: Entry, after: Entry, t: number): Detection[] {
  const f = (t - before.ts) / (after.ts - before.ts)
  const nearer = f < 0.5 ? before : after
  const later = new Map<number, Detection>()
  for (const d of after.detections) if (d.trackId !== undefined) later.set(d.trackId, d)
  const earlier = new Map<number, Detection>()
  for (const d of before.detections) if (d.trackId !== undefined) earlier.set(d.trackId, d)
  const out: Detection[] = []
  for (const d of nearer.detections) {
    const other = d.trackId === undefined ? undefined : (nearer === before ? later : earlier).get(d.trackId)
    if (!other) {
      out.push(d)
      continue
    }
    const [a, b] = nearer === before ? [d, other] : [other, d]
    out.push({ ...d, box: lerpBox(a.box, b.box, f) })
  }
  return out
}

function lerpBox(a: Box, b: Box, f: number): Box {
  const at = (i: 0 | 1 | 2 | 3) => a[i] + (b[i] - a[i]) * f
  return [at(0), at(1), at(2), at(3)]
}
