import { iou } from './nms.js'
import type { Box, Detection, TrackedObject } from './types.js'

export interface TrackerOptions {
  /** Detections at or above this score take part in the first association and may start tracks. */
  highScore?: number
  /** Detections in [lowScore, highScore) only keep existing tracks alive (ByteTrack's second stage). */
  lowScore?: number
  /** Score a detection needs to start a track; raise it above highScore to start fewer false tracks. */
  newTrackScore?: number
  /** Least IoU between a track's predicted box and a high-score detection for them to match. */
  firstMatchIou?: number
  /** Least IoU for a low-score detection: stricter, since low scores are often background. */
  secondMatchIou?: number
  /** Matched frames before a track is confirmed, gets an id and is reported. */
  minHits?: number
  /** Consecutive unmatched frames after which a confirmed track is removed. */
  maxMissed?: number
  /** Bottom-centre points kept per track: enough for drawing a trail, bounded so memory stays flat. */
  maxHistory?: number
  /**
   * Match detections only to tracks of the same class (default). A rider and their motorcycle
   * overlap almost entirely; matching across classes would swap them between two tracks.
   * When false, a track's class is the one with the highest summed score so far, which rides out
   * car/truck flicker at the cost of the rider problem.
   */
  classAware?: boolean
  /**
   * With class-aware matching, classes that may match each other: a small model flickers
   * between car, truck and bus on one vehicle from frame to frame, and strict matching would
   * split it into several tracks (and count it several times). Detections match a track when
   * their groups are equal; the track is labelled by the class with the highest summed score.
   * Default: every class is its own group.
   */
  classGroup?: (classId: number) => number
}

/** A bottom-centre point (source pixels) at a timestamp: what zones and count lines look at. */
export interface TrackPoint {
  readonly x: number
  readonly y: number
  readonly t: number
}

export interface Track extends TrackedObject {
  /** Stable id, 1, 2, 3... in order of confirmation; unconfirmed noise never uses one up. */
  id: number
  classId: number
  /** Last observed box (never a prediction). */
  box: Box
  score: number
  hits: number
  /** Consecutive frames without a match. */
  missed: number
  /** Timestamps of the first and the last matched detection (the caller's clock, e.g. ms). */
  firstSeen: number
  lastSeen: number
  /** Bottom-centre points of matched detections, oldest first, at most maxHistory. */
  history: TrackPoint[]
}

export interface TrackerUpdate {
  /** Confirmed tracks matched in this frame, by id. */
  tracks: Track[]
  /** Confirmed tracks removed in this frame (missed more than maxMissed frames): their final state. */
  removed: Track[]
}

interface TrackState {
  id: number
  confirmed: boolean
  classId: number
  classScores: Map<number, number>
  box: Box
  score: number
  hits: number
  missed: number
  firstSeen: number
  lastSeen: number
  history: TrackPoint[]
  /** Velocity of the box centre in pixels per time unit, smoothed. */
  vx: number
  vy: number
}

const DEFAULTS: Required<TrackerOptions> = {
  highScore: 0.5,
  lowScore: 0.1,
  newTrackScore: 0.5,
  firstMatchIou: 0.2,
  secondMatchIou: 0.5,
  minHits: 3,
  maxMissed: 10,
  maxHistory: 64,
  classAware: true,
  classGroup: (classId) => classId,
}

/**
 * ByteTrack-style multi-object tracker: the first stage matches high-score detections to every
 * live track, the second matches low-score detections (an occluded, blurred object) to tracks
 * that were seen in the previous frame and are still unmatched. Matching is greedy by IoU,
 * highest first: with the handful of objects per camera it almost always agrees with the
 * Hungarian optimum, and it is deterministic and simple.
 *
 * Instead of ByteTrack's Kalman filter, each track predicts its box by constant velocity of its
 * centre, measured between observations and smoothed. That is what matters at 5 frames/s: a car
 * moves most of its length between frames, and without prediction its new box would barely
 * overlap the old one, and two objects passing each other would swap ids.
 *
 * A tentative track is dropped at its first miss (as in ByteTrack), so a detection that flickers
 * never becomes a track; a confirmed one survives up to maxMissed missed frames.
 *
 * Stateful but pure: no clock, no I/O. Timestamps are the caller's (frame time), any unit, as long
 * as it is the same every call.
 */
export class Tracker {
  private readonly o: Required<TrackerOptions>
  private states: TrackState[] = []
  private nextId = 1

  constructor(options: TrackerOptions = {}) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
    this.o = { ...DEFAULTS, newTrackScore: options.highScore ?? DEFAULTS.newTrackScore, ...defined }
  }

  /** Feeds one frame's detections (after NMS); returns the confirmed tracks seen in it. */
  update(detections: readonly Detection[], timestamp: number): TrackerUpdate {
    const o = this.o
    const high = detections.filter((d) => d.score >= o.highScore)
    const low = detections.filter((d) => d.score >= o.lowScore && d.score < o.highScore)
    const predicted = new Map(this.states.map((s) => [s, predict(s, timestamp)]))

    const first = this.match(this.states, predicted, high, o.firstMatchIou)
    const recent = first.unmatchedTracks.filter((s) => s.confirmed && s.missed === 0)
    const second = this.match(recent, predicted, low, o.secondMatchIou)

    const matched = new Set<TrackState>()
    for (const [s, d] of [...first.pairs, ...second.pairs]) {
      this.observe(s, d, timestamp)
      matched.add(s)
    }

    const removed: Track[] = []
    const kept: TrackState[] = []
    for (const s of this.states) {
      if (!matched.has(s)) {
        s.missed++
        if (!s.confirmed) continue
        if (s.missed > o.maxMissed) {
          removed.push(snapshot(s))
          continue
        }
      }
      kept.push(s)
    }
    this.states = kept

    for (const d of first.unmatchedDetections) {
      if (d.score < o.newTrackScore) continue
      const s: TrackState = {
        id: 0,
        confirmed: false,
        classId: d.classId,
        classScores: new Map(),
        box: d.box,
        score: d.score,
        hits: 0,
        missed: 0,
        firstSeen: timestamp,
        lastSeen: timestamp,
        history: [],
        vx: 0,
        vy: 0,
      }
      this.observe(s, d, timestamp)
      this.states.push(s)
    }

    const tracks = this.states.filter((s) => s.confirmed && s.missed === 0).map(snapshot)
    tracks.sort((a, b) => a.id - b.id)
    return { tracks, removed }
  }

  /** Confirmed tracks still alive, including those missed in the last frames. */
  get active(): Track[] {
    return this.states
      .filter((s) => s.confirmed)
      .map(snapshot)
      .sort((a, b) => a.id - b.id)
  }

  private match(
    tracks: readonly TrackState[],
    predicted: Map<TrackState, Box>,
    dets: readonly Detection[],
    minIou: number,
  ) {
    const candidates: { s: TrackState; d: Detection; iou: number; order: number }[] = []
    let order = 0
    for (const s of tracks) {
      const p = predicted.get(s)!
      for (const d of dets) {
        if (this.o.classAware && this.o.classGroup(d.classId) !== this.o.classGroup(s.classId)) continue
        const v = iou(p, d.box)
        if (v >= minIou && v > 0) candidates.push({ s, d, iou: v, order: order++ })
      }
    }
    // Highest IoU first; ties fall back to input order so equal inputs give equal ids.
    candidates.sort((a, b) => b.iou - a.iou || a.order - b.order)
    const usedT = new Set<TrackState>()
    const usedD = new Set<Detection>()
    const pairs: [TrackState, Detection][] = []
    for (const c of candidates) {
      if (usedT.has(c.s) || usedD.has(c.d)) continue
      usedT.add(c.s)
      usedD.add(c.d)
      pairs.push([c.s, c.d])
    }
    return {
      pairs,
      unmatchedTracks: tracks.filter((s) => !usedT.has(s)),
      unmatchedDetections: dets.filter((d) => !usedD.has(d)),
    }
  }

  private observe(s: TrackState, d: Detection, t: number): void {
    const dt = t - s.lastSeen
    if (s.hits > 0 && dt > 0) {
      const vx = (centreX(d.box) - centreX(s.box)) / dt
      const vy = (centreY(d.box) - centreY(s.box)) / dt
      // The first measured velocity is taken as is; later ones are averaged to damp box jitter.
      const a = s.hits === 1 ? 1 : 0.5
      s.vx = a * vx + (1 - a) * s.vx
      s.vy = a * vy + (1 - a) * s.vy
    }
    s.box = [d.box[0], d.box[1], d.box[2], d.box[3]]
    s.score = d.score
    s.hits++
    s.missed = 0
    s.lastSeen = t
    s.classScores.set(d.classId, (s.classScores.get(d.classId) ?? 0) + d.score)
    // Without grouping the class never changes here (matches are same-class), so this is a no-op then.
    s.classId = topClass(s.classScores)
    s.history.push({ x: centreX(d.box), y: d.box[3], t })
    if (s.history.length > this.o.maxHistory) s.history.splice(0, s.history.length - this.o.maxHistory)
    if (!s.confirmed && s.hits >= this.o.minHits) {
      s.confirmed = true
      s.id = this.nextId++
    }
  }
}

function centreX(b: Box): number {
  return (b[0] + b[2]) / 2
}

function centreY(b: Box): number {
  return (b[1] + b[3]) / 2
}

function predict(s: TrackState, t: number): Box {
  const dt = Math.max(0, t - s.lastSeen)
  const dx = s.vx * dt
  const dy = s.vy * dt
  return [s.box[0] + dx, s.box[1] + dy, s.box[2] + dx, s.box[3] + dy]
}

function topClass(scores: Map<number, number>): number {
  let best = -1
  let top = -Infinity
  for (const [c, v] of scores) {
    if (v > top) {
      top = v
      best = c
    }
  }
  return best
}

function snapshot(s: TrackState): Track {
  return {
    id: s.id,
    classId: s.classId,
    box: [s.box[0], s.box[1], s.box[2], s.box[3]],
    score: s.score,
    hits: s.hits,
    missed: s.missed,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    history: [...s.history],
  }
}
