import { describe, expect, it } from 'vitest'
import type { Detection, DetectionFrame } from '@ioc/contracts'
import { DetectionTimeline } from './detection-timeline.js'
import { StreamClock } from './stream-clock.js'

const T0 = Date.parse('2026-12-01T10:00:00.000Z')

function frame(dt: number, detections: Detection[]): DetectionFrame {
  return { cameraId: 'c', ts: new Date(T0 + dt).toISOString(), width: 640, height: 360, detections }
}
const car = (trackId: number | undefined, x: number): Detection => ({
  label: 'car',
  score: 0.9,
  box: [x, 0.5, x + 0.1, 0.6],
  ...(trackId === undefined ? {} : { trackId }),
})

describe('detection frames matched to the frame shown by time', () => {
  it('interpolates a tracked box between the frames before and after the time asked for', () => {
    const line = new DetectionTimeline()
    line.push(frame(0, [car(7, 0.1)]))
    line.push(frame(200, [car(7, 0.3)]))
    const at = line.at(T0 + 50)!
    expect(at.offsetMs).toBe(0)
    expect(at.detections).toHaveLength(1)
    expect(at.detections[0]!.box[0]).toBeCloseTo(0.15, 10)
    expect(at.detections[0]!.box[2]).toBeCloseTo(0.25, 10)
    expect(line.at(T0 + 150)!.detections[0]!.box[0]).toBeCloseTo(0.25, 10)
  })

  it('shows what only one frame has as the nearer frame has it', () => {
    const line = new DetectionTimeline()
    line.push(frame(0, [car(1, 0.1), car(undefined, 0.5)]))
    line.push(frame(200, [car(2, 0.7)]))
    expect(line.at(T0 + 90)!.detections.map((d) => d.box[0])).toEqual([0.1, 0.5])
    expect(line.at(T0 + 110)!.detections.map((d) => d.box[0])).toEqual([0.7])
  })

  it('does not show the newest boxes over an older frame: the socket order is not the video order', () => {
    const line = new DetectionTimeline()
    for (let i = 0; i <= 10; i++) line.push(frame(i * 200, [car(1, i / 20)]))
    // the video shows the frame of t0 + 1000 while frames up to t0 + 2000 have arrived
    expect(line.at(T0 + 1000)!.detections[0]!.box[0]).toBeCloseTo(0.25, 10)
  })

  it('holds the last frame a short while, shows nothing later or long before the first', () => {
    const line = new DetectionTimeline({ holdMs: 400 })
    line.push(frame(0, [car(1, 0.1)]))
    expect(line.at(T0 + 400)).toEqual({ detections: [car(1, 0.1)], offsetMs: -400 })
    expect(line.at(T0 + 401)).toBeNull()
    expect(line.at(T0 - 200)).toEqual({ detections: [car(1, 0.1)], offsetMs: 200 })
    expect(line.at(T0 - 201)).toBeNull()
  })

  it('puts a frame that was overtaken in its place, replaces a repeat, and forgets old frames', () => {
    const line = new DetectionTimeline({ keepMs: 1000 })
    line.push(frame(0, [car(1, 0.1)]))
    line.push(frame(400, [car(1, 0.5)]))
    line.push(frame(200, [car(1, 0.3)]))
    expect(line.at(T0 + 300)!.detections[0]!.box[0]).toBeCloseTo(0.4, 10)
    line.push(frame(200, [car(1, 0.2)]))
    expect(line.size).toBe(3)
    line.push(frame(1300, [car(1, 0.9)]))
    expect(line.size).toBe(2) // 0 and 200 are more than 1 s behind 1300
  })

  it('does not interpolate across a gap (detection paused)', () => {
    const line = new DetectionTimeline({ maxGapMs: 1000, holdMs: 400 })
    line.push(frame(0, [car(1, 0.1)]))
    line.push(frame(3000, [car(1, 0.9)]))
    expect(line.at(T0 + 1500)).toBeNull()
    expect(line.at(T0 + 300)!.detections[0]!.box[0]).toBe(0.1)
  })
})

describe("the stream's wall clock", () => {
  it('maps media time to wall time by the promptest arrival, ignoring frames delayed on the way', () => {
    const clock = new StreamClock({ windowMs: 10_000 })
    expect(clock.wallTimeAt(1)).toBeNull()
    // frames end at media 0.04 s steps; they arrive at T0 + 40 ms steps, some late
    const late = [0, 30, 0, 120, 5, 0]
    late.forEach((ms, i) => clock.observe({ at: T0 + 40 * (i + 1) + ms, bufferedEnd: 0.04 * (i + 1) }))
    expect(clock.wallTimeAt(0)).toBe(T0)
    expect(clock.wallTimeAt(0.2)).toBe(T0 + 200)
  })

  it('reads only a buffered end that moved, forgets offsets older than its window, and resets', () => {
    const clock = new StreamClock({ windowMs: 1000, biasMs: 10 })
    clock.observe({ at: T0 + 1000, bufferedEnd: 1 })
    clock.observe({ at: T0 + 1500, bufferedEnd: 1 }) // nothing arrived: not an arrival time
    expect(clock.wallTimeAt(1)).toBe(T0 + 1000 - 10)
    // the stream's offset grew for good (a pause upstream): after the window the new offset rules
    clock.observe({ at: T0 + 2500, bufferedEnd: 1.5 })
    clock.observe({ at: T0 + 2600, bufferedEnd: 1.6 })
    expect(clock.wallTimeAt(1.6)).toBe(T0 + 2600 - 10)
    clock.reset()
    expect(clock.wallTimeAt(1)).toBeNull()
  })
})
