import { describe, expect, it } from 'vitest'
import type { DetectionFrame } from '@ioc/contracts'
import { aqiByDistrict } from './district-aqi.js'
import { share } from './online-share.js'
import { vehiclesPerMinute, type MinuteCount } from './vehicle-flow.js'
import { WindowedMeans } from './windowed-means.js'
import { personsInZones } from './zone-occupancy.js'

describe('vehiclesPerMinute', () => {
  const row = (
    cameraId: string,
    label: string,
    direction: string,
    ts: string,
    count: number,
  ): MinuteCount => ({
    cameraId,
    label,
    direction,
    ts: new Date(ts),
    count,
  })
  const now = new Date('2026-01-01T08:05:20Z')

  it('sums vehicle classes of the last complete minute per camera and direction', () => {
    const rows = [
      row('cam-b', 'car', 'Hướng Hội An', '2026-01-01T08:04:00Z', 7),
      row('cam-b', 'motorcycle', 'Hướng Hội An', '2026-01-01T08:04:00Z', 30),
      row('cam-b', 'truck', 'Hướng Tam Kỳ', '2026-01-01T08:04:00Z', 2),
      row('cam-a', 'bus', 'Bắc', '2026-01-01T08:04:00Z', 1),
      // the minute in progress, persons, and objects seen without a line are not flow
      row('cam-b', 'car', 'Hướng Hội An', '2026-01-01T08:05:00Z', 99),
      row('cam-b', 'person', 'Hướng Hội An', '2026-01-01T08:04:00Z', 5),
      row('cam-b', 'car', '', '2026-01-01T08:04:00Z', 40),
    ]
    expect(vehiclesPerMinute(rows, now)).toEqual([
      { cameraId: 'cam-a', direction: 'Bắc', minute: '2026-01-01T08:04:00.000Z', count: 1 },
      { cameraId: 'cam-b', direction: 'Hướng Hội An', minute: '2026-01-01T08:04:00.000Z', count: 37 },
      { cameraId: 'cam-b', direction: 'Hướng Tam Kỳ', minute: '2026-01-01T08:04:00.000Z', count: 2 },
    ])
  })

  it('reads 0 for a direction that had traffic the minute before and none since', () => {
    const rows = [
      row('cam-a', 'car', 'Bắc', '2026-01-01T08:03:00Z', 4),
      row('cam-a', 'car', 'Bắc', '2026-01-01T08:02:00Z', 9),
    ]
    expect(vehiclesPerMinute(rows, now)).toEqual([
      { cameraId: 'cam-a', direction: 'Bắc', minute: '2026-01-01T08:04:00.000Z', count: 0 },
    ])
  })
})

describe('personsInZones', () => {
  const frame = (detections: DetectionFrame['detections']): DetectionFrame => ({
    cameraId: 'cam-a',
    ts: '2026-01-01T08:00:00.000Z',
    width: 640,
    height: 480,
    detections,
  })
  const square = {
    id: 'gate',
    points: [
      [0.5, 0.5],
      [1, 0.5],
      [1, 1],
      [0.5, 1],
    ] as [number, number][],
  }
  const left = {
    id: 'left',
    points: [
      [0, 0],
      [0.5, 0],
      [0.5, 1],
      [0, 1],
    ] as [number, number][],
  }

  it('counts persons by the bottom-centre of their box', () => {
    const counts = personsInZones(
      frame([
        // feet at (0.7, 0.9): in the gate, though most of the box is above it
        { label: 'person', score: 0.9, box: [0.6, 0.1, 0.8, 0.9] },
        // feet at (0.7, 0.4): above the gate, though the box reaches into it
        { label: 'person', score: 0.9, box: [0.65, 0.2, 0.75, 0.4] },
        // feet at (0.2, 0.8): left zone
        { label: 'person', score: 0.8, box: [0.1, 0.5, 0.3, 0.8] },
        // a car in the gate is not a person
        { label: 'car', score: 0.9, box: [0.6, 0.6, 0.9, 0.9] },
      ]),
      [square, left],
    )
    expect(Object.fromEntries(counts)).toEqual({ gate: 1, left: 1 })
  })

  it("counts a person cut off by the frame's bottom edge in a zone drawn to that edge, as the ingest does", () => {
    const counts = personsInZones(frame([{ label: 'person', score: 0.9, box: [0.6, 0.5, 0.8, 1] }]), [square])
    expect(Object.fromEntries(counts)).toEqual({ gate: 1 })
  })

  it('reports 0 for an empty zone', () => {
    expect(Object.fromEntries(personsInZones(frame([]), [square]))).toEqual({ gate: 0 })
  })
})

describe('WindowedMeans', () => {
  it('averages the buckets inside the window and forgets older ones', () => {
    // a minute's window in 10 s buckets
    const m = new WindowedMeans(60_000, 10_000)
    m.add('a', 1_000, 10, 1_000)
    m.add('a', 30_000, 20, 30_000)
    m.add('a', 35_000, 30, 35_000)
    m.add('a', 22_000, 60, 35_000)
    expect(m.mean('a', 35_000)).toBe(30)
    // at 70 s the bucket [0, 10 s) has left the window; [20 s, 30 s) stays until 90 s
    expect(m.mean('a', 70_000)).toBe(110 / 3)
    expect(m.mean('a', 89_999)).toBe(110 / 3)
    expect(m.mean('a', 90_000)).toBe(25)
    expect(m.mean('a', 200_000)).toBeNull()
    expect(m.keys()).toEqual([])
  })

  it('ignores samples already outside the window', () => {
    const m = new WindowedMeans(60_000, 10_000)
    m.add('a', 0, 99, 100_000)
    expect(m.mean('a', 100_000)).toBeNull()
  })

  it('holds one sum per bucket, not one entry per sample', () => {
    const m = new WindowedMeans(60_000, 10_000)
    for (let i = 0; i < 10_000; i++) m.add('a', 50_000 + (i % 10_000), i % 2, 60_000)
    expect(m.mean('a', 60_000)).toBe(0.5)
    expect((m as unknown as { series: Map<string, Map<number, unknown>> }).series.get('a')!.size).toBe(1)
  })
})

describe('aqiByDistrict', () => {
  it('averages stations per district, each station once, and takes the AQI of the means', () => {
    expect(
      aqiByDistrict([
        { district: 'Tam Kỳ', pm25: 30, pm10: 40 },
        { district: 'Tam Kỳ', pm25: 10, pm10: null },
        { district: 'Hội An', pm25: null, pm10: 200 },
        { district: null, pm25: 500, pm10: 500 },
        { district: 'Núi Thành', pm25: null, pm10: null },
      ]),
    ).toEqual([
      // PM10 200 -> (150-101)/(254-155) * (200-155) + 101 = 123.27
      {
        district: 'Hội An',
        aqi: 123,
        category: 'unhealthy_for_sensitive_groups',
        dominant: 'pm10',
        pm25: null,
        pm10: 200,
      },
      // PM2.5 mean 20 -> 71 beats PM10 40 -> 37
      { district: 'Tam Kỳ', aqi: 71, category: 'moderate', dominant: 'pm25', pm25: 20, pm10: 40 },
    ])
  })
})

describe('share', () => {
  it('is a percentage with one decimal, null when there is nothing to count', () => {
    expect(share(2, 3)).toEqual({ online: 2, total: 3, percent: 66.7 })
    expect(share(0, 0)).toEqual({ online: 0, total: 0, percent: null })
  })
})
