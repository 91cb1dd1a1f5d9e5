import { aqiOf, type CityKpis } from '@ioc/contracts'

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
    if (!d.district || (d.pm25 === null && d.pm10 === null)) continue
    const acc = byDistrict.get(d.district) ?? { pm25: [], pm10: [] }
    if (d.pm25 !== null) acc.pm25.push(d.pm25)
    if (d.pm10 !== null) acc.pm10.push(d.pm10)
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
