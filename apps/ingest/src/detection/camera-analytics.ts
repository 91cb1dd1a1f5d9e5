// Per camera: detections -> tracks -> count-line crossings, zone events and the boxes for the wall.
// Pure (no clock, no I/O): the stage feeds it frames and ships what it returns.
import type { CameraKind, CountLine, Detection as WireDetection, DetectionEvent, Zone } from '@ioc/contracts'
import {
  cocoLabel,
  isInZone,
  isTrafficClass,
  LineCounter,
  nms,
  Tracker,
  type Box,
  type Detection,
  type Size,
  type Track,
  type TrackerOptions,
  zoneCounts,
} from '@ioc/vision'
import { StillnessWatch } from './stillness.js'

export interface CameraDetectionConfig {
  cameraId: string
  kind: CameraKind
  modelId: string
  zones: readonly Zone[]
  lines: readonly CountLine[]
}

export interface AnalyticsOptions {
  /** Persons in a crowd zone above which a `crowd` event is given, when the zone does not say. */
  crowdAbove?: number
  /** Seconds a vehicle stands still in a lane before `vehicle_stopped`, when the zone does not say. */
  stoppedAfterS?: number
  /** Least score of a box published for the wall (the tracker sees lower ones too). */
  publishScore?: number
  tracker?: TrackerOptions
}

/** One count to add: per minute, class and direction name ('' = distinct objects seen, no line). */
export interface CountDelta {
  minute: number
  label: string
  direction: string
  count: number
}

export interface FrameAnalytics {
  /** Confirmed tracks matched in this frame. */
  tracks: Track[]
  events: DetectionEvent[]
  counts: CountDelta[]
  /** Boxes for the wall, normalised 0..1, with the track id where the tracker matched one. */
  boxes: WireDetection[]
}

const PERSON = 0
const MINUTE_MS = 60_000

/**
 * YOLOX-Nano calls one vehicle a car in one frame and a truck in the next (traffic.mp4 shows it
 * on most cars), so car, bus and truck are one group for tracking and for removing duplicates.
 * Persons, bicycles and motorcycles stay apart: a rider overlaps their motorbike.
 */
const VEHICLES = new Set([2, 5, 7])
export const trackingGroup = (classId: number): number => (VEHICLES.has(classId) ? 2 : classId)

/**
 * Tracker settings measured on traffic.mp4 at 5 frames/s: YOLOX-Nano scores a clearly visible
 * car anywhere from 0.3 to 0.9 from frame to frame, so ByteTrack's usual 0.5 for the first
 * association left most cars unconfirmed (7 of 26 counted); see test/detection-real-model.test.ts.
 */
export const TRACKER_DEFAULTS: TrackerOptions = {
  highScore: 0.3,
  newTrackScore: 0.4,
  lowScore: 0.1,
  minHits: 3,
  maxMissed: 5,
  classGroup: trackingGroup,
}

/** Per-class NMS keeps a car box and a truck box on the same vehicle; one of them is enough. */
function dropGroupDuplicates(detections: readonly Detection[]): Detection[] {
  const grouped = detections.map((d) => ({ ...d, classId: trackingGroup(d.classId) }))
  const kept = new Set(nms(grouped, { iouThreshold: 0.7, maxDetections: Infinity }))
  return detections.filter((_, i) => kept.has(grouped[i]!))
}

export class CameraAnalytics {
  private readonly tracker: Tracker
  private readonly lines: LineCounter
  private readonly stillness = new StillnessWatch()
  /** Track ids already counted as seen, and (track, restricted zone) pairs already reported. */
  private readonly seen = new Set<number>()
  private readonly intruders = new Set<string>()
  /** Crowd zones whose event fired and that have not yet emptied below the re-arm level. */
  private readonly crowded = new Set<string>()
  private readonly o: Required<Omit<AnalyticsOptions, 'tracker'>>

  constructor(
    readonly config: CameraDetectionConfig,
    options: AnalyticsOptions = {},
  ) {
    this.o = {
      crowdAbove: options.crowdAbove ?? 10,
      stoppedAfterS: options.stoppedAfterS ?? 30,
      publishScore: options.publishScore ?? 0.3,
    }
    this.tracker = new Tracker({ ...TRACKER_DEFAULTS, ...options.tracker })
    // Contracts name the sides by the segment points[0] -> points[1]; vision's 'in' is left to right.
    this.lines = new LineCounter(config.lines.map((l) => ({ id: l.id, a: l.points[0], b: l.points[1] })))
  }

  /** Detections of one frame in source pixels (after NMS); ts in epoch ms. */
  update(detections: readonly Detection[], frame: Size, ts: number): FrameAnalytics {
    const relevant = dropGroupDuplicates(detections.filter((d) => isTrafficClass(d.classId)))
    const { tracks, removed } = this.tracker.update(relevant, ts)
    const minute = Math.floor(ts / MINUTE_MS) * MINUTE_MS
    const iso = new Date(ts).toISOString()
    const counts: CountDelta[] = []
    const events: DetectionEvent[] = []
    const base = { cameraId: this.config.cameraId, ts: iso }

    const fresh = tracks.filter((t) => !this.seen.has(t.id))
    for (const t of fresh) {
      this.seen.add(t.id)
      counts.push({ minute, label: labelOf(t.classId), direction: '', count: 1 })
    }
    // A track is reported from its minHits-th frame on, but its history starts at its first
    // detection: a fast car may have crossed a line in between (at 5 frames/s it moves ~50 px a
    // frame on traffic.mp4). Its first point tells the line counter which side it came from.
    if (fresh.length > 0) {
      const firsts = fresh.map((t) => {
        const p = t.history[0]!
        return { id: t.id, classId: t.classId, box: [p.x, p.y, p.x, p.y] as Box }
      })
      this.lines.update(firsts, frame, ts)
    }

    for (const c of this.lines.update(tracks, frame, ts)) {
      const line = this.config.lines.find((l) => l.id === c.lineId)!
      const side = c.direction === 'in' ? 'leftToRight' : 'rightToLeft'
      const direction = line.directions[side]
      counts.push({ minute, label: labelOf(c.classId), direction, count: 1 })
      if (line.oneWay && line.oneWay !== side) {
        const t = tracks.find((x) => x.id === c.trackId)!
        events.push({
          ...base,
          kind: 'wrong_way',
          lineId: line.id,
          trackId: c.trackId,
          label: labelOf(c.classId),
          box: normalise(t.box, frame),
          direction,
        })
      }
    }

    for (const zone of this.config.zones) {
      const polygon = { id: zone.id, polygon: zone.points }
      if (zone.kind === 'restricted') {
        for (const t of tracks) {
          if (t.classId !== PERSON) continue
          const key = `${t.id}:${zone.id}`
          if (!isInZone(t.box, polygon, frame)) {
            this.intruders.delete(key) // left: a return is a new intrusion
          } else if (!this.intruders.has(key)) {
            this.intruders.add(key)
            events.push({
              ...base,
              kind: 'person_in_zone',
              zoneId: zone.id,
              trackId: t.id,
              box: normalise(t.box, frame),
            })
          }
        }
      } else if (zone.kind === 'crowd') {
        const limit = zone.crowdAbove ?? this.o.crowdAbove
        // Counted over live tracks, not this frame's matches: one missed frame is not a dispersed crowd.
        const persons = this.tracker.active.filter((t) => t.classId === PERSON)
        const count = zoneCounts(persons, [polygon], frame).get(zone.id)!
        if (count > limit && !this.crowded.has(zone.id)) {
          this.crowded.add(zone.id)
          events.push({ ...base, kind: 'crowd', zoneId: zone.id, count })
        } else if (count <= rearmLevel(limit)) {
          this.crowded.delete(zone.id)
        }
      } else {
        const afterMs = (zone.stoppedAfterS ?? this.o.stoppedAfterS) * 1000
        for (const t of tracks) {
          if (t.classId === PERSON) continue
          const key = `${t.id}:${zone.id}`
          if (!isInZone(t.box, polygon, frame)) {
            this.stillness.forgetKey(key)
            continue
          }
          const { stillFor, state } = this.stillness.observe(key, t.box, ts)
          if (stillFor >= afterMs && !state.reported) {
            state.reported = true
            events.push({
              ...base,
              kind: 'vehicle_stopped',
              zoneId: zone.id,
              trackId: t.id,
              label: labelOf(t.classId),
              box: normalise(t.box, frame),
              seconds: Math.round(stillFor / 100) / 10,
            })
          }
        }
      }
    }

    // Memory follows the live objects only: forget everything about removed tracks.
    for (const t of removed) {
      this.seen.delete(t.id)
      this.lines.removeTrack(t.id)
      this.stillness.forget(`${t.id}:`)
      for (const zone of this.config.zones) this.intruders.delete(`${t.id}:${zone.id}`)
    }

    return { tracks, events, counts, boxes: this.boxes(detections, tracks, frame) }
  }

  /** Sizes of the per-track memories, for tests that check memory stays bounded. */
  get memory(): { seen: number; intruders: number; still: number } {
    return { seen: this.seen.size, intruders: this.intruders.size, still: this.stillness.size }
  }

  private boxes(detections: readonly Detection[], tracks: readonly Track[], frame: Size): WireDetection[] {
    const out: WireDetection[] = []
    for (const d of detections) {
      if (d.score < this.o.publishScore || !isTrafficClass(d.classId)) continue
      // The tracker keeps the matched detection's box as is, so equality finds the pair.
      const t = tracks.find((x) => x.box.every((v, i) => v === d.box[i]))
      const wire: WireDetection = {
        label: labelOf(d.classId),
        score: round(d.score, 3),
        box: normalise(d.box, frame),
      }
      if (t) wire.trackId = t.id
      out.push(wire)
    }
    return out
  }
}

/** A crowd event re-arms once the zone has thinned out clearly below the limit (no flapping at the edge). */
function rearmLevel(limit: number): number {
  return limit - Math.max(1, Math.round(limit * 0.2))
}

function labelOf(classId: number): string {
  return cocoLabel(classId) ?? `class_${classId}`
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

function normalise(box: Box, frame: Size): [number, number, number, number] {
  const nx = (v: number) => Math.min(1, Math.max(0, round(v / frame.width, 4)))
  const ny = (v: number) => Math.min(1, Math.max(0, round(v / frame.height, 4)))
  return [nx(box[0]), ny(box[1]), nx(box[2]), ny(box[3])]
}
