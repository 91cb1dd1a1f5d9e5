import { aqiOf, isInMetricRange, type CityKpis } from '@ioc/contracts'

export interface DeviceConcentrations {
  district: string | null
  pm25: number | null
  pm10: number | null
}

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10)

/**
 * A district's PM2.5 and PM10 are the means of its stations' (each station's own mean over the
 * window, so a chatty station does not outweigh a quiet one); its AQI is that of those means.
 * Stations without a district are left out: the screen shows districts.
 */
export function aqiByDistrict(devices: readonly DeviceConcentrations[]): CityKpis['aqiByDistrict'] {
  const byDistrict = new Map<string, { pm25: number[]; pm10: number[] }>()
  for (const d of devices) {
    // The ingest passes no value outside the catalog's range; one that got here otherwise (1e308
    // published straight to the live topic) is not a measurement: its mean would be Infinity, sent
    // as {aqi: null, category: 'hazardous'}.
    const pm25 = d.pm25 !== null && isInMetricRange('pm25', d.pm25) ? d.pm25 : null
    const pm10 = d.pm10 !== null && isInMetricRange('pm10', d.pm10) ? d.pm10 : null
    if (!d.district || (pm25 === null && pm10 === null)) continue
    const acc = byDistrict.get(d.district) ?? { pm25: [], pm10: [] }
    if (pm25 !== null) acc.pm25.push(pm25)
    if (pm10 !== null) acc.pm10.push(pm10)
    byDistrict.set(d.district, acc)
  }
  const out: CityKpis['aqiByDistrict'] = []
  for (const [district, acc] of byDistrict) {
    const pm25 = mean(acc.pm25)
    const pm10 = mean(acc.pm10)
    const aqi = aqiOf(pm25, pm10)!
    out.push({ district, ...aqi, pm25: round1(pm25), pm10: round1(pm10) })
  }
  return out.sort((a, b) => a.district.localeCompare(b.district, 'vi'))
}
