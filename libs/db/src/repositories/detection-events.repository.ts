import type { DetectionEvent } from '@ioc/contracts'
import type { Pool } from '../connection.js'

/**
 * Events of the camera analytics (person in a restricted zone, crowd, stopped vehicle, wrong way).
 * The columns the rules and the console filter on are pulled out; the whole event, as the
 * contract gives it, is kept in `detail` so nothing is lost to the column layout.
 */
export class DetectionEventsRepository {
  constructor(private readonly pool: Pool) {}

  async insertBatch(events: readonly DetectionEvent[]): Promise<void> {
    if (events.length === 0) return
    await this.pool.query(
      `insert into detection_events (ts, camera_id, kind, zone_id, track_id, label, detail)
       select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::jsonb[])`,
      [
        events.map((e) => new Date(e.ts)),
        events.map((e) => e.cameraId),
        events.map((e) => e.kind),
        // a wrong-way crossing happens on a line: its id goes where the zone's would
        events.map((e) => ('zoneId' in e ? e.zoneId : e.lineId)),
        events.map((e) => ('trackId' in e ? e.trackId : null)),
        events.map((e) => ('label' in e ? e.label : e.kind === 'person_in_zone' ? 'person' : null)),
        events.map((e) => JSON.stringify(e)),
      ],
    )
  }

  /** The latest events of a camera, newest first, as the contract's shape. */
  async recent(cameraId: string, limit = 100): Promise<DetectionEvent[]> {
    const result = await this.pool.query<{ detail: DetectionEvent }>(
      `select detail from detection_events where camera_id = $1 order by ts desc limit $2`,
      [cameraId, limit],
    )
    return result.rows.map((r) => r.detail)
  }

  /** Events of one kind in [from, to), in time order, `limit` from `offset`: what a rule preview replays. */
  async replayPage(options: {
    kind: DetectionEvent['kind']
    from: Date
    to: Date
    offset: number
    limit: number
  }): Promise<DetectionEvent[]> {
    const result = await this.pool.query<{ detail: DetectionEvent }>(
      `select detail from detection_events where kind = $1 and ts >= $2 and ts < $3
       order by ts, camera_id, track_id nulls first offset $4 limit $5`,
      [options.kind, options.from, options.to, options.offset, options.limit],
    )
    return result.rows.map((r) => r.detail)
  }
}
