// Plausible sensor values as pure functions of time, so a simulated day looks like a real one and
// tests get exact numbers. Local time is Vietnam's (UTC+7, no daylight saving).
import { aqiPm25 } from '@ioc/contracts'

const hourMs = 3600_000

/** Hour of the day in Vietnam, 0 <= h < 24, with fractions. */
export function localHour(t: number): number {
  return ((((t + 7 * hourMs) % (24 * hourMs)) + 24 * hourMs) % (24 * hourMs)) / hourMs
}

/** Deterministic noise in [-1, 1] from a seed and a time slot (no Math.random: tests stay exact). */
export function noise(seed: number, slot: number): number {
  let x = (seed * 374761393 + slot * 668265263) | 0
  x = Math.imul(x ^ (x >>> 13), 1274126177)
  x ^= x >>> 16
  return ((x >>> 0) / 0xffffffff) * 2 - 1
}

const bump = (h: number, centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2))

/** Rush hours (7-9 h and 17-19 h) carry traffic, noise and fine dust. */
export function rushHour(t: number): number {
  const h = localHour(t)
  return Math.max(bump(h, 7.5, 1.2), bump(h, 18, 1.4))
}

/** A pollution episode: a few hours of stagnant air every few days. */
export function pollutionEpisode(t: number, seed: number): number {
  const day = Math.floor(t / (24 * hourMs))
  if (noise(seed, day) < 0.5) return 0
  return bump(localHour(t), 20, 3)
}

/** Rain: showers in the afternoon on some days, heavier in the flood season (Sep-Dec). */
export function rainfallMmPerHour(t: number, seed: number): number {
  const day = Math.floor(t / (24 * hourMs))
  const month = new Date(t + 7 * hourMs).getUTCMonth()
  const wet = month >= 8 && month <= 11
  const chance = noise(seed, day * 7 + 3)
  if (chance < (wet ? -0.2 : 0.6)) return 0
  return Math.max(
    0,
    (wet ? 18 : 6) * bump(localHour(t), 15, 2.5) * (1 + 0.3 * noise(seed, Math.floor(t / 600_000))),
  )
}

export interface MetricContext {
  t: number
  seed: number
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits

/** Every metric the simulator knows, at time t, for a device with this seed. */
export const metricAt: Record<string, (c: MetricContext) => number> = {
  pm25: ({ t, seed }) =>
    round(Math.max(3, 22 + 30 * rushHour(t) + 60 * pollutionEpisode(t, seed) + 4 * noise(seed, t / 60_000))),
  pm10: (c) => round(metricAt.pm25!(c) * 1.6 + 3),
  aqi: (c) => aqiFromPm25(metricAt.pm25!(c)),
  noise_db: ({ t, seed }) => round(48 + 22 * rushHour(t) + 3 * noise(seed, t / 10_000)),
  vehicle_count: ({ t, seed }) =>
    Math.max(0, Math.round(15 + 70 * rushHour(t) + 8 * noise(seed, t / 60_000))),
  rainfall_mm: ({ t, seed }) => round(rainfallMmPerHour(t, seed) / 12, 2),
  // The river answers the rain of the last hours, slowly.
  water_level_cm: ({ t, seed }) => {
    let rain = 0
    for (let h = 1; h <= 12; h++) rain += rainfallMmPerHour(t - h * hourMs, seed) * Math.exp(-h / 5)
    return round(120 + 4 * rain + 2 * noise(seed, t / 300_000))
  },
  temperature_c: ({ t, seed }) =>
    round(27 + 5 * Math.sin(((localHour(t) - 9) / 24) * 2 * Math.PI) + 0.5 * noise(seed, t / 600_000)),
  humidity_pct: ({ t, seed }) =>
    round(
      Math.min(
        100,
        78 - 12 * Math.sin(((localHour(t) - 9) / 24) * 2 * Math.PI) + 2 * noise(seed, t / 600_000),
      ),
    ),
  wind_speed_ms: ({ t, seed }) => round(Math.max(0, 3 + 2 * noise(seed, t / 900_000))),
}

/**
 * The simulated `aqi` metric of a PM2.5 reading: the PM2.5 sub-index on the project's one AQI table
 * (libs/contracts, US EPA 2024), the same figure the api shows on the wall for that PM2.5.
 */
export function aqiFromPm25(pm25: number): number {
  return aqiPm25(pm25)
}
