/**
 * History buckets that divide a day exactly, so bucket edges are the same whichever function
 * computes them (time_bucket on TimescaleDB, date_bin on PostgreSQL) and whichever aggregate
 * (1 min, 1 h, raw) answers.
 */
export const bucketSeconds = {
  '1m': 60,
  '5m': 300,
  '10m': 600,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '3h': 10800,
  '6h': 21600,
  '12h': 43200,
  '1d': 86400,
} as const

export type Bucket = keyof typeof bucketSeconds
export const buckets = Object.keys(bucketSeconds) as Bucket[]

export interface TimeRange {
  from: Date
  to: Date
}

/** Widens [from, to) to whole buckets: a bucket is answered whole or not at all. */
export function alignRange(range: TimeRange, bucket: Bucket): TimeRange {
  const ms = bucketSeconds[bucket] * 1000
  return {
    from: new Date(Math.floor(range.from.getTime() / ms) * ms),
    to: new Date(Math.ceil(range.to.getTime() / ms) * ms),
  }
}

/** The aggregate that can answer a bucket: hourly when the bucket is whole hours. */
export function aggregateLevel(bucket: Bucket): '1m' | '1h' {
  return bucketSeconds[bucket] % 3600 === 0 ? '1h' : '1m'
}

export function bucketInterval(bucket: Bucket): string {
  return `${bucketSeconds[bucket]} seconds`
}
