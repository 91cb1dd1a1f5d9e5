import { places, type Place } from '../quang-nam.js'

export interface SimulatedDevice {
  id: string
  kind: 'air_quality' | 'water_level' | 'rain_gauge' | 'noise' | 'traffic_counter' | 'weather'
  name: string
  place: Place
  metrics: string[]
  seed: number
}

const templates: Omit<SimulatedDevice, 'id' | 'seed' | 'place' | 'name'>[] = [
  { kind: 'air_quality', metrics: ['pm25', 'pm10', 'aqi'] },
  { kind: 'water_level', metrics: ['water_level_cm'] },
  { kind: 'rain_gauge', metrics: ['rainfall_mm'] },
  { kind: 'noise', metrics: ['noise_db'] },
  { kind: 'traffic_counter', metrics: ['vehicle_count'] },
  { kind: 'weather', metrics: ['temperature_c', 'humidity_pct', 'wind_speed_ms'] },
]

const kindNames: Record<SimulatedDevice['kind'], string> = {
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
    const template = templates[i % templates.length]!
    const place = districts[Math.floor(i / templates.length) % districts.length]!
    const n = Math.floor(i / (templates.length * districts.length)) + 1
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
