import { describe, expect, it } from 'vitest'
import { aqiByDistrict } from './district-aqi.js'

describe('aqiByDistrict', () => {
  it('leaves out concentrations no sensor measures instead of answering aqi null, hazardous', () => {
    const result = aqiByDistrict([
      { district: 'Tam Kỳ', pm25: 1e308, pm10: null },
      { district: 'Tam Kỳ', pm25: 1e308, pm10: 40 },
      { district: 'Tam Kỳ', pm25: 12, pm10: Infinity },
      { district: 'Hội An', pm25: Number.NaN, pm10: -1e308 },
    ])
    expect(result).toEqual([
      { district: 'Tam Kỳ', aqi: 56, category: 'moderate', dominant: 'pm25', pm25: 12, pm10: 40 },
    ])
    const json = JSON.parse(JSON.stringify(result)) as typeof result
    expect(json.every((d) => Number.isFinite(d.aqi))).toBe(true)
  })
})
