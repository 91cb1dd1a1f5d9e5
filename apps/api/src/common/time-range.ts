import { BadRequestException } from '@nestjs/common'
import { commonErrorCodes, type Bucket } from '@ioc/contracts'
import { bucketSeconds, type TimeRange } from '@ioc/db'

/** A chart never needs more points than a screen has pixels; more is a mistaken query. */
export const maxBuckets = 10_000
const defaultSpanMs = 24 * 3600_000

/**
 * The range of a history query: `to` defaults to now, `from` to a day before `to`. Refused (400,
 * naming `bucket`) when it would give more than `maxBuckets` points: 30 days take 5m or coarser.
 */
export function resolveRange(
  query: { from?: string; to?: string; bucket: Bucket },
  now = new Date(),
): TimeRange {
  const to = query.to ? new Date(query.to) : now
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpanMs)
  const points = (to.getTime() - from.getTime()) / 1000 / bucketSeconds[query.bucket]
  if (points > maxBuckets) {
    const message = `${Math.ceil(points)} buckets of ${query.bucket} in this range, at most ${maxBuckets}: choose a larger bucket or a shorter range`
    throw new BadRequestException({
      code: commonErrorCodes.validation,
      message: `Validation failed: bucket: ${message}`,
      details: [{ path: 'bucket', message }],
    })
  }
  return { from, to }
}
