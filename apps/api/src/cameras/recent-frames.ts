/**
 * The last few things each camera sent (snapshots, detection frames) with when they arrived, so a
 * detection can be matched with the picture of its moment rather than whatever came last.
 */
export class RecentFrames<T> {
  private readonly byCamera = new Map<string, { at: number; item: T }[]>()

  constructor(private readonly perCamera: number) {}

  push(cameraId: string, at: Date, item: T): void {
    let ring = this.byCamera.get(cameraId)
    if (!ring) this.byCamera.set(cameraId, (ring = []))
    ring.push({ at: at.getTime(), item })
    if (ring.length > this.perCamera) ring.shift()
  }

  delete(cameraId: string): void {
    this.byCamera.delete(cameraId)
  }

  latest(cameraId: string): { at: Date; item: T } | null {
    const last = this.byCamera.get(cameraId)?.at(-1)
    return last ? { at: new Date(last.at), item: last.item } : null
  }

  /** The one that arrived nearest `at` (the earlier on a tie), if within `maxSkewMs` of it. */
  nearest(cameraId: string, at: Date, maxSkewMs: number): { at: Date; item: T } | null {
    const t = at.getTime()
    let best: { at: number; item: T } | null = null
    for (const entry of this.byCamera.get(cameraId) ?? [])
      if (!best || Math.abs(entry.at - t) < Math.abs(best.at - t)) best = entry
    if (!best || Math.abs(best.at - t) > maxSkewMs) return null
    return { at: new Date(best.at), item: best.item }
  }
}
