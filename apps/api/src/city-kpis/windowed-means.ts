/**
 * The mean of each series over a sliding time window (e.g. PM2.5 of each device over the last
 * hour). Samples are kept per series, so memory is bounded by the reading rate times the window;
 * older samples are dropped on every add and read. The clock is passed in: pure, testable.
 */
export class WindowedMeans {
  private readonly series = new Map<string, { ts: number; value: number }[]>()

  constructor(private readonly windowMs: number) {}

  add(key: string, ts: number, value: number, now: number): void {
    const samples = this.series.get(key) ?? []
    // Readings may arrive a little out of order; keep the list sorted so pruning is from the front.
    let i = samples.length
    while (i > 0 && samples[i - 1]!.ts > ts) i--
    samples.splice(i, 0, { ts, value })
    this.series.set(key, samples)
    this.prune(key, now)
  }

  /** The mean over the window ending at `now`, or null when the series has no sample in it. */
  mean(key: string, now: number): number | null {
    this.prune(key, now)
    const samples = this.series.get(key)
    if (!samples || samples.length === 0) return null
    let sum = 0
    for (const s of samples) sum += s.value
    return sum / samples.length
  }

  keys(): string[] {
    return [...this.series.keys()]
  }

  private prune(key: string, now: number): void {
    const samples = this.series.get(key)
    if (!samples) return
    let old = 0
    while (old < samples.length && samples[old]!.ts <= now - this.windowMs) old++
    if (old > 0) samples.splice(0, old)
    if (samples.length === 0) this.series.delete(key)
  }
}
