import type { AqiCategory } from '@ioc/contracts'

// US EPA AQI breakpoints (40 CFR Part 58 Appendix G, PM2.5 rows as revised in 2024; Technical
// Assistance Document EPA-454/B-24-002): [concentration low, high, index low, high].
type Row = readonly [number, number, number, number]

const PM25: readonly Row[] = [
  [0.0, 9.0, 0, 50],
  [9.1, 35.4, 51, 100],
  [35.5, 55.4, 101, 150],
  [55.5, 125.4, 151, 200],
  [125.5, 225.4, 201, 300],
  [225.5, 325.4, 301, 500],
]

const PM10: readonly Row[] = [
  [0, 54, 0, 50],
  [55, 154, 51, 100],
  [155, 254, 101, 150],
  [255, 354, 151, 200],
  [355, 424, 201, 300],
  [425, 604, 301, 500],
]

const CATEGORIES: readonly [number, AqiCategory][] = [
  [50, 'good'],
  [100, 'moderate'],
  [150, 'unhealthy_for_sensitive_groups'],
  [200, 'unhealthy'],
  [300, 'very_unhealthy'],
]

/** EPA truncates (never rounds) before looking up: PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³. */
const truncate = (value: number, decimals: number) => {
  const f = 10 ** decimals
  // the epsilon keeps 35.4 (stored as 35.39999...) at 35.4
  return Math.floor(value * f + 1e-9) / f
}

function index(rows: readonly Row[], c: number): number {
  const row = rows.find(([, hi]) => c <= hi) ?? rows[rows.length - 1]!
  const [cLo, cHi, iLo, iHi] = row
  // Above the last row the TAD extends its line rather than capping at 500: a wildfire's 600 is
  // worse than 400, and the screen should say so.
  return Math.round(((iHi - iLo) / (cHi - cLo)) * (c - cLo) + iLo)
}

/** The PM2.5 sub-index of a concentration in µg/m³ (negative readings count as 0). */
export function aqiPm25(concentration: number): number {
  return index(PM25, truncate(Math.max(0, concentration), 1))
}

/** The PM10 sub-index of a concentration in µg/m³. */
export function aqiPm10(concentration: number): number {
  return index(PM10, truncate(Math.max(0, concentration), 0))
}

export function aqiCategory(aqi: number): AqiCategory {
  return CATEGORIES.find(([top]) => aqi <= top)?.[1] ?? 'hazardous'
}

export interface Aqi {
  aqi: number
  category: AqiCategory
  dominant: 'pm25' | 'pm10'
}

/** The AQI is the highest sub-index of the pollutants measured; null when neither is. */
export function aqiOf(pm25: number | null, pm10: number | null): Aqi | null {
  const a25 = pm25 === null ? null : aqiPm25(pm25)
  const a10 = pm10 === null ? null : aqiPm10(pm10)
  if (a25 === null && a10 === null) return null
  const dominant = a10 === null || (a25 !== null && a25 >= a10) ? 'pm25' : 'pm10'
  const aqi = dominant === 'pm25' ? a25! : a10!
  return { aqi, category: aqiCategory(aqi), dominant }
}
