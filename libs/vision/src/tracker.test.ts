import { describe, expect, it } from 'vitest'
import { Tracker, type Box, type Detection } from './index.js'

const CAR = 2
const PERSON = 0
const MOTORCYCLE = 3
const FRAME_MS = 200 // 5 frames/s, the detection rate per camera

/** A 60x40 car whose left edge is at x, top at y. */
const car = (x: number, y = 100, score = 0.9): Detection => ({
  box: [x, y, x + 60, y + 40],
  classId: CAR,
  score,
})

describe('Tracker', () => {
  it('confirms a moving object after minHits frames and keeps its id, history and timestamps', () => {
    const tracker = new Tracker({ minHits: 3 })
    const seen: number[][] = []
    for (let k = 0; k < 8; k++) {
      const { tracks } = tracker.update([car(30 * k)], k * FRAME_MS)
      seen.push(tracks.map((t) => t.id))
    }
    expect(seen).toEqual([[], [], [1], [1], [1], [1], [1], [1]])
    const [t] = tracker.active
    expect(t).toMatchObject({
      id: 1,
      classId: CAR,
      box: [210, 100, 270, 140],
      hits: 8,
      missed: 0,
      firstSeen: 0,
      lastSeen: 1400,
    })
    expect(t!.history).toHaveLength(8)
    expect(t!.history[0]).toEqual({ x: 30, y: 140, t: 0 })
    expect(t!.history[7]).toEqual({ x: 240, y: 140, t: 1400 })
  })

  it('keeps the id across a one-frame miss, predicting where the object went', () => {
    const tracker = new Tracker({ minHits: 2 })
    // 40 px a frame: after the miss the car is 80 px on, no overlap with where it was last seen.
    for (let k = 0; k < 3; k++) tracker.update([car(40 * k)], k * FRAME_MS)
    expect(tracker.update([], 3 * FRAME_MS)).toEqual({ tracks: [], removed: [] })
    const { tracks } = tracker.update([car(160)], 4 * FRAME_MS)
    expect(tracks).toHaveLength(1)
    expect(tracks[0]).toMatchObject({ id: 1, hits: 4, missed: 0, box: [160, 100, 220, 140], lastSeen: 800 })
  })

  it('keeps a track alive on a low-score detection but never starts one from it', () => {
    const tracker = new Tracker({ minHits: 1 })
    expect(tracker.update([car(0)], 0).tracks.map((t) => t.id)).toEqual([1])
    // Partly occluded: the score drops to 0.3, below highScore 0.5 but above lowScore 0.1.
    expect(tracker.update([car(10, 100, 0.3)], 200).tracks).toMatchObject([{ id: 1, score: 0.3 }])
    expect(tracker.update([car(300, 100, 0.3)], 400).tracks).toEqual([])
    expect(tracker.active).toMatchObject([{ id: 1, missed: 1 }])
  })

  it('drops a tentative track at its first miss without using up an id', () => {
    const tracker = new Tracker({ minHits: 3 })
    tracker.update([car(0)], 0)
    tracker.update([car(10)], 200)
    tracker.update([], 400)
    for (let k = 0; k < 2; k++) expect(tracker.update([car(500)], 600 + k * 200).tracks).toEqual([])
    expect(tracker.update([car(500)], 1000).tracks.map((t) => t.id)).toEqual([1])
  })

  it('removes a confirmed track after maxMissed missed frames and reports its final state', () => {
    const tracker = new Tracker({ minHits: 1, maxMissed: 2 })
    tracker.update([car(0)], 0)
    expect(tracker.update([], 200).removed).toEqual([])
    expect(tracker.update([], 400).removed).toEqual([])
    const { removed } = tracker.update([], 600)
    expect(removed).toMatchObject([{ id: 1, missed: 3, firstSeen: 0, lastSeen: 0, box: [0, 100, 60, 140] }])
    expect(tracker.active).toEqual([])
    expect(tracker.update([car(0)], 800).tracks.map((t) => t.id)).toEqual([2])
  })

  it('separates two objects that pass each other', () => {
    const tracker = new Tracker({ minHits: 1 })
    const idOf = (tracks: { id: number; box: Box }[], d: Detection) =>
      tracks.find((t) => t.box.every((v, i) => v === d.box[i]))?.id
    const ids: [number | undefined, number | undefined][] = []
    for (let k = 0; k <= 10; k++) {
      // Same lane, opposite ways, 30 px a frame each. At k = 5 A's last box (x 120) overlaps B's
      // new one (x 135) with IoU 0.6 but its own new one (x 150) with only 1/3: matching on last
      // positions would swap the ids; matching on predicted positions does not.
      const a = car(30 * k)
      const b = car(285 - 30 * k)
      const { tracks } = tracker.update(k % 2 ? [b, a] : [a, b], k * FRAME_MS)
      ids.push([idOf(tracks, a), idOf(tracks, b)])
    }
    expect(ids).toEqual(Array.from({ length: 11 }, () => [1, 2]))
  })

  it('keeps a rider and their motorcycle on separate tracks (class-aware matching)', () => {
    const tracker = new Tracker({ minHits: 1 })
    for (let k = 0; k < 4; k++) {
      const x = 20 * k
      const rider: Detection = { box: [x + 5, 40, x + 35, 100], classId: PERSON, score: 0.8 }
      const bike: Detection = { box: [x, 60, x + 40, 110], classId: MOTORCYCLE, score: 0.85 }
      const { tracks } = tracker.update([rider, bike], k * FRAME_MS)
      expect(tracks.map((t) => [t.id, t.classId])).toEqual([
        [1, PERSON],
        [2, MOTORCYCLE],
      ])
    }
  })

  it('matches across a class group (car/truck flicker) but not outside it, labelled by the strongest class', () => {
    const TRUCK = 7
    const vehicles = (c: number) => (c === TRUCK ? CAR : c)
    const tracker = new Tracker({ minHits: 1, classGroup: vehicles })
    tracker.update([car(0, 100, 0.9)], 0)
    const truck = { ...car(10, 100, 0.6), classId: TRUCK }
    expect(tracker.update([truck], 200).tracks).toMatchObject([{ id: 1, classId: CAR }])
    const truckAgain = { ...car(20, 100, 0.7), classId: TRUCK }
    const strongTruck = { ...car(30, 100, 0.95), classId: TRUCK }
    tracker.update([truckAgain], 400)
    // summed scores: car 0.9, truck 0.6 + 0.7 + 0.95 = 2.25: the label follows the evidence
    expect(tracker.update([strongTruck], 600).tracks).toMatchObject([{ id: 1, classId: TRUCK }])
    const rider: Detection = { box: [40, 100, 100, 140], classId: PERSON, score: 0.9 }
    // a person over the vehicle's predicted box is another group: a new track, not the vehicle's
    expect(tracker.update([rider], 800).tracks).toMatchObject([{ id: 2, classId: PERSON }])
  })

  it('lets a class-agnostic track follow class flicker, labelled by its strongest class', () => {
    const tracker = new Tracker({ minHits: 1, classAware: false })
    tracker.update([car(0, 100, 0.9)], 0)
    const truck = { ...car(10, 100, 0.6), classId: 7 }
    expect(tracker.update([truck], 200).tracks).toMatchObject([{ id: 1, classId: CAR }])
  })
})
