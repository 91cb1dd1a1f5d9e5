import { describe, expect, it } from 'vitest'
import type { CityKpis } from '@ioc/contracts'
import { durationParts, summarize } from './kpi-summary.js'

const ts = '2026-12-01T10:00:00+07:00'
const kpis: CityKpis = {
  ts,
  vehiclesPerMinute: [
    { cameraId: 'cam-a', direction: 'Hướng Tam Kỳ', minute: ts, count: 12 },
    { cameraId: 'cam-b', direction: 'Hướng Tam Kỳ', minute: ts, count: 5 },
    { cameraId: 'cam-a', direction: 'Hướng Hội An', minute: ts, count: 20 },
  ],
  personsInZones: [
    { cameraId: 'cam-c', zoneId: 'crowd', count: 7, ts },
    { cameraId: 'cam-c', zoneId: 'restricted', count: 1, ts },
  ],
  aqiByDistrict: [
    { district: 'Tam Kỳ', aqi: 60, category: 'moderate', dominant: 'pm25', pm25: 15, pm10: 30 },
    { district: 'Hội An', aqi: 160, category: 'unhealthy', dominant: 'pm25', pm25: 70, pm10: 40 },
  ],
  camerasOnline: { online: 3, total: 4, percent: 75 },
  sensorsOnline: { online: 24, total: 24, percent: 100 },
  openAlertsBySeverity: { critical: 1, major: 2, minor: 0, warning: 3, info: 0 },
  meanTimeToAcknowledgeSeconds: 754,
}

describe('the KPI strip summary', () => {
  it('sums vehicles per direction over cameras, persons over zones, and puts the worst air first', () => {
    const s = summarize(kpis)
    expect(s.vehiclesByDirection).toEqual([
      { direction: 'Hướng Hội An', count: 20 },
      { direction: 'Hướng Tam Kỳ', count: 17 },
    ])
    expect(s.personsInZones).toBe(8)
    expect(s.zones).toBe(2)
    expect(s.aqi.map((d) => d.district)).toEqual(['Hội An', 'Tam Kỳ'])
    expect(s.openAlerts.map((a) => a.count)).toEqual([1, 2, 0, 3, 0])
    expect(s.openAlertsTotal).toBe(6)
  })

  it('splits a mean time to acknowledge into hours, minutes and seconds', () => {
    expect(durationParts(754)).toEqual({ hours: 0, minutes: 12, seconds: 34 })
    expect(durationParts(3900)).toEqual({ hours: 1, minutes: 5, seconds: 0 })
  })
})
