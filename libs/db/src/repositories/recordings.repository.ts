// The index of recording segments (migration 0009): what the ingest wrote, in which state, and
// what retention may delete. Files are named relative to the recordings storage (recordings/storage.ts).
import type { Pool } from '../connection.js'

export type SegmentState = 'open' | 'closed' | 'discarded'

export interface Segment {
  id: string
  cameraId: string
  file: string
  startedAt: Date
  endedAt: Date | null
  bytes: number
  hasEvent: boolean
  state: SegmentState
  writer: string
  reason: string | null
}

export interface SegmentStart {
  cameraId: string
  file: string
  startedAt: Date
  writer: string
}

export interface SegmentEnd extends SegmentStart {
  endedAt: Date
  bytes: number
  /** How it was closed when not by ffmpeg itself (recovered after a crash, ...). */
  reason?: string | null
}

/** What retention keeps whatever its age or the budget: the clip windows of existing alerts. */
export interface KeepRule {
  alertClips: boolean
  beforeS: number
  afterS: number
}

export interface Mark {
  at: Date
  kind: 'alert' | 'event'
  ref: string
  label: string
}

interface Row {
  id: string
  camera_id: string
  file: string
  started_at: Date
  ended_at: Date | null
  bytes: string
  has_event: boolean
  state: SegmentState
  writer: string
  reason: string | null
}

const columns =
  'id::text, camera_id, file, started_at, ended_at, bytes::text, has_event, state, writer, reason'

const toSegment = (r: Row): Segment => ({
  id: r.id,
  cameraId: r.camera_id,
  file: r.file,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  bytes: Number(r.bytes),
  hasEvent: r.has_event,
  state: r.state,
  writer: r.writer,
  reason: r.reason,
})

// an alert of the camera whose clip window overlaps the segment s
const alertOverlaps = (beforeParam: string, afterParam: string) => `exists (
  select 1 from alerts a where a.source_type = 'camera' and a.source_id = s.camera_id
    and a.first_seen - make_interval(secs => ${beforeParam}) < coalesce(s.ended_at, now())
    and a.last_seen + make_interval(secs => ${afterParam}) > s.started_at)`

export class RecordingsRepository {
  constructor(private readonly pool: Pool) {}

  /** A segment ffmpeg began: indexed as open; again while open, its start is corrected. */
  async open(s: SegmentStart): Promise<void> {
    await this.pool.query(
      `insert into recording_segments (camera_id, file, started_at, writer) values ($1, $2, $3, $4)
       on conflict (file) do update set started_at = excluded.started_at, updated_at = now()
       where recording_segments.state = 'open'`,
      [s.cameraId, s.file, s.startedAt, s.writer],
    )
  }

  /** A whole segment: closed with its times and size, indexed now if its opening was missed. */
  async close(s: SegmentEnd): Promise<void> {
    await this.pool.query(
      `insert into recording_segments (camera_id, file, started_at, ended_at, bytes, state, writer, reason)
       values ($1, $2, $3, $4, $5, 'closed', $6, $7)
       on conflict (file) do update set started_at = excluded.started_at, ended_at = excluded.ended_at,
         bytes = excluded.bytes, state = 'closed', reason = excluded.reason, updated_at = now()`,
      [s.cameraId, s.file, s.startedAt, s.endedAt, s.bytes, s.writer, s.reason ?? null],
    )
  }

  /** A segment that could not be kept (its file is gone): the index says why. */
  async discard(s: SegmentStart, reason: string): Promise<void> {
    await this.pool.query(
      `insert into recording_segments (camera_id, file, started_at, bytes, state, writer, reason)
       values ($1, $2, $3, 0, 'discarded', $4, $5)
       on conflict (file) do update set state = 'discarded', bytes = 0, reason = excluded.reason,
         updated_at = now()`,
      [s.cameraId, s.file, s.startedAt, s.writer, reason],
    )
  }

  /** Every row of one ffmpeg run (its files share a prefix). */
  async ofRun(filePrefix: string): Promise<Segment[]> {
    const rows = await this.pool.query<Row>(
      `select ${columns} from recording_segments where starts_with(file, $1) order by file`,
      [filePrefix],
    )
    return rows.rows.map(toSegment)
  }

  /** Segments a writer left open (it died, or is writing them now). */
  async openOf(writer: string): Promise<Segment[]> {
    const rows = await this.pool.query<Row>(
      `select ${columns} from recording_segments where state = 'open' and writer = $1 order by file`,
      [writer],
    )
    return rows.rows.map(toSegment)
  }

  /** Segments of a camera overlapping [from, to), oldest first; `states` closed unless told. */
  async segments(
    cameraId: string,
    from: Date,
    to: Date,
    states: readonly SegmentState[] = ['closed'],
  ): Promise<Segment[]> {
    const rows = await this.pool.query<Row>(
      `select ${columns} from recording_segments s
       where camera_id = $1 and state = any($4::text[]) and started_at < $3
         and coalesce(ended_at, now()) > $2
       order by started_at`,
      [cameraId, from, to, states],
    )
    return rows.rows.map(toSegment)
  }

  /** Bytes and count of what is on disk (open and closed segments). */
  async usage(): Promise<{ segments: number; bytes: number }> {
    const { rows } = await this.pool.query<{ n: string; bytes: string | null }>(
      `select count(*)::text as n, sum(bytes)::text as bytes from recording_segments where state <> 'discarded'`,
    )
    return { segments: Number(rows[0]!.n), bytes: Number(rows[0]!.bytes ?? 0) }
  }

  /** Marks closed segments of the last day in which a detection event or an alert of the camera falls. */
  async markEvents(): Promise<number> {
    const result = await this.pool.query(
      `update recording_segments s set has_event = true, updated_at = now()
       where s.state = 'closed' and not s.has_event and s.ended_at > now() - interval '1 day'
         and (exists (select 1 from detection_events e where e.camera_id = s.camera_id
                        and e.ts >= s.started_at and e.ts < s.ended_at)
              or ${alertOverlaps('0', '0')})`,
    )
    return result.rowCount ?? 0
  }

  /**
   * Closed segments past their camera's retention days (7 for a camera no longer registered), and
   * those of cameras recording only around events that no event or alert needs and no future one
   * can (ended longer than the pre-roll ago), oldest first. Alert clips are kept when `keep` says so.
   */
  async expired(keep: KeepRule, limit = 500): Promise<Segment[]> {
    const rows = await this.pool.query<Row>(
      `select ${columns.replace(/(^|, )/g, '$1s.')} from recording_segments s
       left join cameras c on c.id = s.camera_id
       where s.state = 'closed'
         and ((s.ended_at < now() - make_interval(days => coalesce((c.recording->>'retentionDays')::int, 7)))
           or (c.recording->>'mode' = 'events'
               and s.ended_at < now() - make_interval(secs => (c.recording->>'preRollS')::int + 5)
               and not exists (select 1 from detection_events e where e.camera_id = s.camera_id
                 and e.ts > s.started_at - make_interval(secs => (c.recording->>'postRollS')::int)
                 and e.ts < s.ended_at + make_interval(secs => (c.recording->>'preRollS')::int))
               and not ${alertOverlaps("(c.recording->>'preRollS')::int", "(c.recording->>'postRollS')::int")}))
         and not ($1 and ${alertOverlaps('$2', '$3')})
       order by s.started_at limit $4`,
      [keep.alertClips, keep.beforeS, keep.afterS, limit],
    )
    return rows.rows.map(toSegment)
  }

  /** The oldest closed segments retention may delete for room (alert clips kept when `keep` says so). */
  async oldest(keep: KeepRule, limit = 500): Promise<Segment[]> {
    const rows = await this.pool.query<Row>(
      `select ${columns} from recording_segments s
       where s.state = 'closed' and not ($1 and ${alertOverlaps('$2', '$3')})
       order by s.started_at limit $4`,
      [keep.alertClips, keep.beforeS, keep.afterS, limit],
    )
    return rows.rows.map(toSegment)
  }

  /** The timeline's marks in [from, to): the camera's alerts (by first sight) and detection events, `limit` each. */
  async marks(cameraId: string, from: Date, to: Date, limit = 300): Promise<Mark[]> {
    const alerts = await this.pool.query<Mark>(
      `select first_seen as at, 'alert' as kind, id::text as ref, title as label from alerts
       where source_type = 'camera' and source_id = $1 and first_seen >= $2 and first_seen < $3
       order by first_seen limit $4`,
      [cameraId, from, to, limit],
    )
    const events = await this.pool.query<Mark>(
      `select ts as at, 'event' as kind, kind as ref, coalesce(label, kind) as label from detection_events
       where camera_id = $1 and ts >= $2 and ts < $3 order by ts limit $4`,
      [cameraId, from, to, limit],
    )
    return [...alerts.rows, ...events.rows].sort((a, b) => a.at.getTime() - b.at.getTime())
  }

  /** Forgets segments whose files were deleted. */
  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return
    await this.pool.query('delete from recording_segments where id = any($1::bigint[])', [ids])
  }

  /** Forgets discarded rows older than `days`: the reason was there to read meanwhile. */
  async purgeDiscarded(days: number): Promise<void> {
    await this.pool.query(
      `delete from recording_segments where state = 'discarded' and updated_at < now() - make_interval(days => $1)`,
      [days],
    )
  }
}
