// The one AQI of the project: the api's wall and the simulator's `aqi` metric both compute it here,
// so a simulated station and the wall never disagree on the same PM2.5.
import { aqiCategory, type AqiCategory } from './kpis.js'

/** [concentration low, high, index low, high]; µg/m³ for PM2.5 and PM10. */
export type AqiBreakpoint = readonly [number, number, number, number]

/**
 * US EPA AQI breakpoints for PM2.5 as revised on 2024-02-07 (final rule of the PM NAAQS review,
 * 40 CFR Part 58 Appendix G; Technical Assistance Document EPA-454/B-24-002, May 2024): "good"
 * ends at 9.0 µg/m³ (12.0 before 2024), "unhealthy" at 125.4 (150.4 before).
 */
export const PM25_BREAKPOINTS: readonly AqiBreakpoint[] = [
  [0.0, 9.0, 0, 50],
  [9.1, 35.4, 51, 100],
  [35.5, 55.4, 101, 150],
  [55.5, 125.4, 151, 200],
  [125.5, 225.4, 201, 300],
  [225.5, 325.4, 301, 500],
]

/** US EPA AQI breakpoints for PM10 (unchanged by the 2024 revision), same document. */
export const PM10_BREAKPOINTS: readonly AqiBreakpoint[] = [
  [0, 54, 0, 50],
  [55, 154, 51, 100],
  [155, 254, 101, 150],
  [255, 354, 151, 200],
  [355, 424, 201, 300],
  [425, 604, 301, 500],
]

/** EPA truncates (never rounds) before looking up: PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³. */
const truncate = (value: number, decimals: number) => {
  const f = 10 ** decimals
  // the epsilon keeps 35.4 (stored as 35.39999...) at 35.4
  return Math.floor(value * f + 1e-9) / f
}

function index(rows: readonly AqiBreakpoint[], c: number): number {
  const row = rows.find(([, hi]) => c <= hi) ?? rows[rows.length - 1]!
  const [cLo, cHi, iLo, iHi] = row
  // Above the last row the TAD extends its line rather than capping at 500: a wildfire's 600 is
  // worse than 400, and the screen should say so.
  return Math.round(((iHi - iLo) / (cHi - cLo)) * (c - cLo) + iLo)
}

/** The PM2.5 sub-index of a concentration in µg/m³ (negative readings count as 0). */
export function aqiPm25(concentration: number): number {
  return index(PM25_BREAKPOINTS, truncate(Math.max(0, concentration), 1))
}

/** The PM10 sub-index of a concentration in µg/m³. */
export function aqiPm10(concentration: number): number {
  return index(PM10_BREAKPOINTS, truncate(Math.max(0, concentration), 0))
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
