// The simulator publishes an `aqi` metric beside its PM2.5; the api computes the wall's AQI from
// the PM2.5 it stores. A station on the map must not say 56 while the wall says 50 for the same
// PM2.5, so both must read the one table: this walks the whole of it.
import { describe, expect, it } from 'vitest'
import { PM25_BREAKPOINTS } from '@ioc/contracts'
import { aqiByDistrict } from '../../apps/api/src/city-kpis/district-aqi.js'
import { aqiFromPm25 } from '../../apps/simulator/src/sensors/curves.js'

/** The simulator's `aqi` metric of a PM2.5 reading, as it publishes it (an integer). */
const simulatorAqi = (pm25: number) => Math.round(aqiFromPm25(pm25))

/** The wall's AQI of a district whose one station reads this PM2.5 (and no PM10). */
const wallAqi = (pm25: number) => aqiByDistrict([{ district: 'Tam Kỳ', pm25, pm10: null }])[0]!.aqi

/** Every breakpoint edge, the truncation points beside it, and every 0.05 µg/m³ in between. */
function pm25Values(): number[] {
  const values = new Set<number>()
  for (const [lo, hi] of PM25_BREAKPOINTS)
    for (const v of [lo, hi, lo - 0.01, hi + 0.01, hi + 0.09]) values.add(v)
  const top = PM25_BREAKPOINTS[PM25_BREAKPOINTS.length - 1]![1]
  for (let i = 0; i * 0.05 <= top + 100; i++) values.add(Math.round(i * 5) / 100)
  return [...values].filter((v) => v >= 0).sort((a, b) => a - b)
}

describe('AQI: the simulator and the api', () => {
  it('agree on every PM2.5 of the EPA table, at each breakpoint edge and between', () => {
    const values = pm25Values()
    expect(values.length).toBeGreaterThan(8000)
    const disagreements = values
      .map((pm25) => ({ pm25, simulator: simulatorAqi(pm25), api: wallAqi(pm25) }))
      .filter((d) => d.simulator !== d.api)
    expect({ count: disagreements.length, first: disagreements.slice(0, 3) }).toEqual({ count: 0, first: [] })
  })

  it('both end "good" at 9.0 µg/m³ (US EPA 2024)', () => {
    expect([simulatorAqi(9.0), wallAqi(9.0)]).toEqual([50, 50])
    expect([simulatorAqi(9.1), wallAqi(9.1)]).toEqual([51, 51])
  })
})
