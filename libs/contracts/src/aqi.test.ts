import { describe, expect, it } from 'vitest'
import { aqiOf, aqiPm10, aqiPm25 } from './aqi.js'
import { aqiCategory } from './kpis.js'

describe('US EPA AQI', () => {
  it('maps PM2.5 breakpoints to their index ends (2024 table)', () => {
    expect([0, 9.0, 9.1, 35.4, 35.5, 55.4, 55.5, 125.4, 125.5, 225.4, 225.5, 325.4].map(aqiPm25)).toEqual([
      0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500,
    ])
  })

  it('interpolates inside a row and rounds to the nearest integer', () => {
    // (100-51)/(35.4-9.1) * (20-9.1) + 51 = 71.308...
    expect(aqiPm25(20)).toBe(71)
    // (150-101)/(55.4-35.5) * (41.2-35.5) + 101 = 115.035...
    expect(aqiPm25(41.2)).toBe(115)
    // (100-51)/(154-55) * (100-55) + 51 = 73.27...
    expect(aqiPm10(100)).toBe(73)
  })

  it('truncates before looking up, as EPA does', () => {
    // 9.09 is 9.0 (Good, 50), not 9.1 (Moderate, 51); 35.49 is 35.4
    expect(aqiPm25(9.09)).toBe(50)
    expect(aqiPm25(35.49)).toBe(100)
    // PM10 is truncated to whole µg/m³: 54.9 is 54
    expect(aqiPm10(54.9)).toBe(50)
    expect(aqiPm10(55)).toBe(51)
  })

  it('maps PM10 breakpoints to their index ends', () => {
    expect([0, 54, 55, 154, 155, 254, 255, 354, 355, 424, 425, 604].map(aqiPm10)).toEqual([
      0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500,
    ])
  })

  it('extends the last row above the table and reads negatives as 0', () => {
    // (500-301)/(325.4-225.5) * (425.3-225.5) + 301 = 699.0
    expect(aqiPm25(425.3)).toBe(699)
    expect(aqiPm25(-3)).toBe(0)
  })

  it('names the categories at their upper bounds', () => {
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 700].map(aqiCategory)).toEqual([
      'good',
      'good',
      'moderate',
      'moderate',
      'unhealthy_for_sensitive_groups',
      'unhealthy_for_sensitive_groups',
      'unhealthy',
      'unhealthy',
      'very_unhealthy',
      'very_unhealthy',
      'hazardous',
      'hazardous',
    ])
  })

  it('reports the higher sub-index and which pollutant it is', () => {
    expect(aqiOf(20, 100)).toEqual({ aqi: 73, category: 'moderate', dominant: 'pm10' })
    expect(aqiOf(41.2, 100)).toEqual({
      aqi: 115,
      category: 'unhealthy_for_sensitive_groups',
      dominant: 'pm25',
    })
    expect(aqiOf(null, 30)).toEqual({ aqi: 28, category: 'good', dominant: 'pm10' })
    expect(aqiOf(null, null)).toBeNull()
  })
})
