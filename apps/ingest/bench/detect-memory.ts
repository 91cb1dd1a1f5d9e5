// Memory of the process over a run of bench:detect, and whether it stayed flat.

export interface MemorySample {
  /** performance.now() ms */
  t: number
  rssMb: number
  heapMb: number
}

export function sampleMemory(t: number): MemorySample {
  const m = process.memoryUsage()
  return { t, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 }
}

export interface MemoryVerdict {
  samples: number
  rssMb: number
  heapMb: number
  /** Least-squares slopes over the steady part, MB per minute. */
  rssSlopeMbPerMin: number
  heapSlopeMbPerMin: number
  /** Mean of the last third minus mean of the first third of the steady part, MB. */
  rssGrowthMb: number
  heapGrowthMb: number
  flat: boolean
}

/**
 * Flat when neither RSS nor the heap grew from the first third of the steady part to its last
 * third by more than the noise of a healthy run: the heap saws by a few MB between collections,
 * RSS by allocator pages. A leak of 1 KB a frame at 40 frames/s is 24 MB over 10 minutes and fails.
 */
export function memoryVerdict(all: MemorySample[], warmUpMs: number): MemoryVerdict {
  const steady = all.filter((s) => s.t - all[0]!.t >= warmUpMs)
  const third = Math.max(1, Math.floor(steady.length / 3))
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const growth = (pick: (s: MemorySample) => number) =>
    mean(steady.slice(-third).map(pick)) - mean(steady.slice(0, third).map(pick))
  const rssGrowthMb = growth((s) => s.rssMb)
  const heapGrowthMb = growth((s) => s.heapMb)
  const last = steady.at(-1) ?? all.at(-1)
  const rssMb = last?.rssMb ?? 0
  return {
    samples: steady.length,
    rssMb,
    heapMb: last?.heapMb ?? 0,
    rssSlopeMbPerMin: slopePerMinute(steady.map((s) => [s.t, s.rssMb])),
    heapSlopeMbPerMin: slopePerMinute(steady.map((s) => [s.t, s.heapMb])),
    rssGrowthMb,
    heapGrowthMb,
    flat: steady.length >= 6 && rssGrowthMb < Math.max(8, rssMb * 0.03) && heapGrowthMb < 4,
  }
}

/** Least-squares slope of (ms, MB) points, in MB per minute. */
function slopePerMinute(points: [number, number][]): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return (num / den) * 60_000
}
