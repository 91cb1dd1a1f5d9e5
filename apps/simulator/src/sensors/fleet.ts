import { defaultMetricsFor, deviceKindSchema, type DeviceCreate, type DeviceKind } from '@ioc/contracts'
import { places, type Place } from '../quang-nam.js'

export interface SimulatedDevice {
  id: string
  kind: DeviceKind
  name: string
  place: Place
  metrics: string[]
  seed: number
}

const kindNames: Record<DeviceKind, string> = {
  air_quality: 'Quan trắc không khí',
  water_level: 'Đo mực nước',
  rain_gauge: 'Đo mưa',
  noise: 'Đo tiếng ồn',
  traffic_counter: 'Đếm xe',
  weather: 'Trạm thời tiết',
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')

/** `count` devices spread over the districts, every kind in turn; ids are stable for a count. */
export function buildFleet(count: number): SimulatedDevice[] {
  const districts = Object.values(places)
  return Array.from({ length: count }, (_, i) => {
    // every kind in turn, each with the metrics the catalog gives that kind
    const kinds = deviceKindSchema.options
    const kind = kinds[i % kinds.length]!
    const template = { kind, metrics: defaultMetricsFor(kind) }
    const place = districts[Math.floor(i / kinds.length) % districts.length]!
    const n = Math.floor(i / (kinds.length * districts.length)) + 1
    // a few hundred metres apart, so markers do not sit on top of each other
    const jitter = (k: number) => ((i * 7919 + k * 104729) % 1000) / 1000 - 0.5
    return {
      ...template,
      id: `${template.kind.replace('_', '-')}-${slug(place.district)}-${String(n).padStart(2, '0')}`,
      name: `${kindNames[template.kind]} ${place.district} ${n}`,
      place: { ...place, lat: place.lat + jitter(1) * 0.02, lon: place.lon + jitter(2) * 0.02 },
      seed: i + 1,
    }
  })
}

/** The fleet as the registry takes it (`IOC_DEVICES_FILE` of the broker), each with its password. */
export function deviceRegistrations(
  fleet: SimulatedDevice[],
  passwordOf: (id: string) => string,
): DeviceCreate[] {
  return fleet.map((d) => ({
    id: d.id,
    kind: d.kind,
    name: d.name,
    lat: d.place.lat,
    lon: d.place.lon,
    district: d.place.district,
    metrics: d.metrics,
    password: passwordOf(d.id),
  }))
}
