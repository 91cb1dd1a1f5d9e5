/** Series kept at most; a flood of new series beyond it is ignored (and counted), not stored. */
export const MAX_SERIES = 10_000

/**
 * The mean of each series over a sliding time window (e.g. PM2.5 of each device over the last
 * hour). Samples are summed into buckets (a minute for an hour), so memory is bounded by series
 * times buckets whatever the reading rate; the window slides a bucket at a time. The clock is
 * passed in: pure, testable.
 */
export class WindowedMeans {
  private readonly series = new Map<string, Map<number, { sum: number; count: number }>>()
  /** Samples of series that did not fit under MAX_SERIES. */
  ignored = 0

  constructor(
    private readonly windowMs: number,
    private readonly bucketMs: number,
  ) {}

  add(key: string, ts: number, value: number, now: number): void {
    const bucket = Math.floor(ts / this.bucketMs) * this.bucketMs
    if (!this.inWindow(bucket, now)) return
    let buckets = this.series.get(key)
    if (!buckets) {
      if (this.series.size >= MAX_SERIES) {
        this.ignored++
        return
      }
      buckets = new Map()
      this.series.set(key, buckets)
    }
    const b = buckets.get(bucket)
    if (b) {
      b.sum += value
      b.count++
    } else buckets.set(bucket, { sum: value, count: 1 })
  }

  /** The mean over the buckets inside the window ending at `now`, or null when there is none. */
  mean(key: string, now: number): number | null {
    const buckets = this.series.get(key)
    if (!buckets) return null
    let sum = 0
    let count = 0
    for (const [start, b] of buckets) {
      if (!this.inWindow(start, now)) {
        buckets.delete(start)
        continue
      }
      sum += b.sum
      count += b.count
    }
    if (count === 0) {
      this.series.delete(key)
      return null
    }
    return sum / count
  }

  keys(): string[] {
    return [...this.series.keys()]
  }

  /** A bucket counts while any of it is inside the window (now - window, now]. */
  private inWindow(bucketStart: number, now: number): boolean {
    return bucketStart + this.bucketMs > now - this.windowMs
  }
}
