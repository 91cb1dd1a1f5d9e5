import { describe, expect, it } from 'vitest'
import {
  boxSchema,
  countRowSchema,
  detectionEventSchema,
  detectionFrameSchema,
  detectionSchema,
} from './detections.js'

describe('detections', () => {
  it('validates normalised boxes', () => {
    expect(boxSchema.parse([0.1, 0.2, 0.3, 0.4])).toEqual([0.1, 0.2, 0.3, 0.4])
    expect(boxSchema.safeParse([0, 0, 1, 1]).success).toBe(true)
    expect(boxSchema.safeParse([0.3, 0.2, 0.1, 0.4]).success).toBe(false)
    expect(boxSchema.safeParse([0.1, 0.2, 0.3, 1.01]).success).toBe(false)
    expect(boxSchema.safeParse([0.1, 0.2, 0.3]).success).toBe(false)
    expect(boxSchema.safeParse([120, 40, 300, 200]).success).toBe(false)
  })

  it('validates a detection and a frame', () => {
    const det = { label: 'motorcycle', score: 0.87, box: [0.1, 0.2, 0.3, 0.4], trackId: 12 }
    expect(detectionSchema.parse(det)).toEqual(det)
    expect(detectionSchema.safeParse({ ...det, score: 1.2 }).success).toBe(false)
    expect(detectionSchema.safeParse({ ...det, trackId: -1 }).success).toBe(false)
    const { trackId: _t, ...untracked } = det
    expect(detectionSchema.parse(untracked)).toEqual(untracked)

    const frame = {
      cameraId: 'cam-01',
      ts: '2025-06-01T00:00:00.200Z',
      width: 1280,
      height: 720,
      detections: [det],
    }
    expect(detectionFrameSchema.parse(frame)).toEqual(frame)
    expect(detectionFrameSchema.safeParse({ ...frame, width: 0 }).success).toBe(false)
    expect(detectionFrameSchema.safeParse({ ...frame, detections: [] }).success).toBe(true)
  })

  it('validates count rows with and without a direction', () => {
    const row = {
      cameraId: 'cam-01',
      bucket: '2025-06-01T00:01:00Z',
      label: 'car',
      direction: 'Hướng Hội An',
      count: 14,
    }
    expect(countRowSchema.parse(row)).toEqual(row)
    expect(countRowSchema.parse({ ...row, direction: null }).direction).toBeNull()
    expect(countRowSchema.safeParse({ ...row, count: -1 }).success).toBe(false)
  })

  it('discriminates detection events by kind', () => {
    const base = { cameraId: 'cam-01', ts: '2025-06-01T00:00:00Z' }
    const events = [
      { ...base, kind: 'person_in_zone', zoneId: 'gate', trackId: 3, box: [0.1, 0.1, 0.2, 0.5] },
      { ...base, kind: 'crowd', zoneId: 'square', count: 42 },
      {
        ...base,
        kind: 'vehicle_stopped',
        zoneId: 'lane-1',
        trackId: 7,
        label: 'truck',
        box: [0, 0, 0.5, 0.5],
        seconds: 95,
      },
      {
        ...base,
        kind: 'wrong_way',
        lineId: 'l1',
        trackId: 9,
        label: 'motorcycle',
        box: [0, 0, 0.1, 0.1],
        direction: 'B',
      },
    ]
    for (const event of events) expect(detectionEventSchema.parse(event)).toEqual(event)
    expect(detectionEventSchema.safeParse({ ...base, kind: 'crowd', zoneId: 'square' }).success).toBe(false)
    expect(detectionEventSchema.safeParse({ ...base, kind: 'fire', zoneId: 'square' }).success).toBe(false)
  })
})
