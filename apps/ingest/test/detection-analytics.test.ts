// Pure logic of the detection stage on synthetic detections: exact numbers.
import { describe, expect, it } from 'vitest'
import type { CountRow } from '@ioc/db'
import type { Detection } from '@ioc/vision'
import { CameraAnalytics } from '../src/detection/camera-analytics.js'
import { DetectionOutputs } from '../src/detection/detection-outputs.js'
import { DropOldestQueue } from '../src/detection/frame-queue.js'
import { StillnessWatch } from '../src/detection/stillness.js'

const frame = { width: 1000, height: 500 }
const CAR = 2
const TRUCK = 7
const PERSON = 0
const box = (x: number, y: number, w = 100, h = 50): [number, number, number, number] => [x, y, x + w, y + h]
const det = (classId: number, b: [number, number, number, number], score = 0.9): Detection => ({
  classId,
  box: b,
  score,
})

describe('DropOldestQueue', () => {
  it('keeps the newest items and counts what it dropped', () => {
    const q = new DropOldestQueue<number>(2)
    for (let i = 1; i <= 5; i++) q.push(i)
    expect([q.length, q.dropped]).toEqual([2, 3])
    expect([q.shift(), q.shift(), q.shift()]).toEqual([4, 5, undefined])
    expect(() => new DropOldestQueue(0)).toThrow(RangeError)
  })
})

describe('StillnessWatch', () => {
  it('measures time standing within a quarter of the box height, restarting on a move', () => {
    const w = new StillnessWatch()
    expect(w.observe('k', [0, 0, 10, 40], 0).stillFor).toBe(0)
    expect(w.observe('k', [5, 0, 15, 40], 1000).stillFor).toBe(1000) // moved 5 px <= 10
    expect(w.observe('k', [20, 0, 30, 40], 2000).stillFor).toBe(0) // moved 20 px from the anchor
    expect(w.observe('k', [20, 0, 30, 40], 5000).stillFor).toBe(3000)
    w.forget('k')
    expect(w.size).toBe(0)
  })
})

describe('CameraAnalytics', () => {
  const line = {
    id: 'l1',
    name: 'Cầu',
    points: [
      [0.5, 0],
      [0.5, 1],
    ] as [[number, number], [number, number]],
    directions: { leftToRight: 'Bắc', rightToLeft: 'Nam' },
    oneWay: 'rightToLeft' as const,
  }

  it('counts one crossing per car and direction per minute, and a wrong-way event for the other direction', () => {
    const a = new CameraAnalytics({ cameraId: 'c1', kind: 'traffic', modelId: 'm', zones: [], lines: [line] })
    const t0 = Date.UTC(2026, 0, 1, 8, 0, 0)
    const all = []
    // car A moves left to right on screen (x 100 -> 700), car B right to left (800 -> 200), 40 px
    // a frame; both cross x = 500 in frame 9. Car A flickers to "truck" in frame 3: still one
    // track (car/bus/truck are one group).
    for (let k = 0; k < 16; k++) {
      const dets = [det(k === 3 ? TRUCK : CAR, box(100 + 40 * k, 100)), det(CAR, box(800 - 40 * k, 300))]
      all.push(a.update(dets, frame, t0 + k * 200))
    }
    const counts = all.flatMap((r) => r.counts)
    expect(counts).toEqual([
      { minute: t0, label: 'car', direction: '', count: 1 },
      { minute: t0, label: 'car', direction: '', count: 1 },
      { minute: t0, label: 'car', direction: 'Nam', count: 1 },
      { minute: t0, label: 'car', direction: 'Bắc', count: 1 },
    ])
    const events = all.flatMap((r) => r.events)
    expect(events).toEqual([
      {
        cameraId: 'c1',
        ts: new Date(t0 + 9 * 200).toISOString(),
        kind: 'wrong_way',
        lineId: 'l1',
        trackId: 2,
        label: 'car',
        box: [0.44, 0.6, 0.54, 0.7],
        direction: 'Bắc',
      },
    ])
    // boxes for the wall: normalised, with the track ids once confirmed (3rd frame on)
    expect(all[0]!.boxes.map((b) => b.trackId)).toEqual([undefined, undefined])
    expect(all[15]!.boxes).toEqual([
      { label: 'car', score: 0.9, box: [0.7, 0.2, 0.8, 0.3], trackId: 1 },
      { label: 'car', score: 0.9, box: [0.2, 0.6, 0.3, 0.7], trackId: 2 },
    ])
  })

  it('reports a person entering a restricted zone once per entry, a crowd once, a stopped vehicle once', () => {
    const a = new CameraAnalytics(
      {
        cameraId: 'c2',
        kind: 'security',
        modelId: 'm',
        lines: [],
        zones: [
          {
            id: 'no-go',
            name: 'Cấm',
            kind: 'restricted',
            points: [
              [0, 0],
              [0.5, 0],
              [0.5, 1],
              [0, 1],
            ],
          },
          {
            id: 'plaza',
            name: 'Quảng trường',
            kind: 'crowd',
            crowdAbove: 2,
            points: [
              [0.5, 0],
              [1, 0],
              [1, 1],
              [0.5, 1],
            ],
          },
          {
            id: 'lane',
            name: 'Làn',
            kind: 'lane',
            stoppedAfterS: 1,
            points: [
              [0, 0],
              [0.5, 0],
              [0.5, 1],
              [0, 1],
            ],
          },
        ],
      },
      {},
    )
    const events = []
    for (let k = 0; k < 12; k++) {
      const walker = det(PERSON, box(k < 6 ? 100 + 10 * k : 600, 100, 40, 100)) // in the no-go zone, then out
      const parked = det(CAR, box(200, 300)) // standing in the lane
      const crowd = [700, 760, 820].map((x) => det(PERSON, box(x, 300, 40, 100))) // 3 > 2 in the plaza
      events.push(...a.update([walker, parked, ...crowd], frame, k * 200).events)
    }
    expect(events.map((e) => [e.kind, 'zoneId' in e ? e.zoneId : '', e.ts])).toEqual([
      ['person_in_zone', 'no-go', new Date(400).toISOString()],
      ['crowd', 'plaza', new Date(400).toISOString()],
      ['vehicle_stopped', 'lane', new Date(1400).toISOString()],
    ])
    expect(events[2]).toMatchObject({ label: 'car', seconds: 1 })
  })
})

describe('DetectionOutputs', () => {
  it('sums counts per camera, minute, label and direction, and keeps them through a failed write', async () => {
    const written: CountRow[][] = []
    let fail = true
    const outputs = new DetectionOutputs({
      counts: {
        addBatch: async (rows) => {
          if (fail) throw new Error('database away')
          written.push([...rows])
        },
      },
    })
    outputs.addCounts('c1', [
      { minute: 60_000, label: 'car', direction: 'Bắc', count: 1 },
      { minute: 60_000, label: 'car', direction: 'Bắc', count: 2 },
    ])
    await outputs.flush()
    expect(outputs.stats).toMatchObject({ pendingCounts: 1, countRowsWritten: 0 })
    expect(outputs.stats.lastError).toContain('database away')
    outputs.addCounts('c1', [{ minute: 60_000, label: 'car', direction: 'Bắc', count: 4 }])
    fail = false
    await outputs.flush()
    expect(written).toEqual([
      [{ ts: new Date(60_000), cameraId: 'c1', label: 'car', direction: 'Bắc', count: 7 }],
    ])
    expect(outputs.stats).toMatchObject({ pendingCounts: 0, countRowsWritten: 1, lastError: null })
  })

  it('drops the oldest count rows beyond its bound and counts them', () => {
    const outputs = new DetectionOutputs({ counts: { addBatch: async () => {} }, maxPending: 2 })
    for (let m = 0; m < 4; m++)
      outputs.addCounts('c1', [{ minute: m * 60_000, label: 'car', direction: '', count: 5 }])
    expect(outputs.stats).toMatchObject({ pendingCounts: 2, dropped: 10 })
  })
})
