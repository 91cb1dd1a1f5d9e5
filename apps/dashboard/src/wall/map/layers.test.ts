import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mapBoundariesSchema, ruleSchema, type Device, type Rule } from '@ioc/contracts'
import { aqiColors, waterLevelColors } from './colors.js'
import { featuresAround, placesKey, siteFeatureNames } from './geo.js'
import { KeyedRows } from './keyed-rows.js'
import {
  alertPulseLayer,
  alertsLayer,
  boundariesLayer,
  camerasLayer,
  heatLayer,
  layerIds,
  sensorColor,
  sensorsLayer,
  siteOutlineLayer,
} from './layers.js'
import {
  sensorRow,
  thresholdOf,
  thresholdsKey,
  waterThresholds,
  type CameraRow,
  type SensorRow,
} from './map-rows.js'

const camera = (id: string, state: CameraRow['state']): CameraRow => ({
  id,
  name: id,
  district: 'Hội An',
  lon: 108.33,
  lat: 15.88,
  state,
})

const device = (over: Partial<Device>): Device => ({
  id: 'water-level-hoian-01',
  kind: 'water_level',
  name: 'Mực nước Hội An 1',
  lat: 15.87,
  lon: 108.33,
  district: 'Hội An',
  metrics: ['water_level_cm'],
  lastSeen: null,
  online: true,
  ...over,
})

const floodRule = (over: Partial<Rule> & { value?: number } = {}): Rule =>
  ruleSchema.parse({
    id: over.id ?? 'water-level-above-250',
    name: 'Mực nước > 250 cm',
    kind: 'threshold',
    severity: 'critical',
    category: 'naturalDisaster',
    subCategory: 'flood',
    enabled: over.enabled ?? true,
    target: over.target ?? { deviceKinds: ['water_level'] },
    params: { metric: 'water_level_cm', op: 'gt', value: over.value ?? 250 },
  })

describe('layer builders', () => {
  it('keep their ids whatever the data', () => {
    const a = camerasLayer({ cameras: [camera('a', 'online')] })
    const b = camerasLayer({ cameras: [] })
    expect(a.id).toBe(layerIds.cameras)
    expect(b.id).toBe(a.id)
    expect(sensorsLayer({ sensors: [], thresholds: new Map(), thresholdsKey: '' }).id).toBe('sensors')
    expect(alertsLayer({ alerts: [] }).id).toBe('alerts')
    expect(alertPulseLayer({ alerts: [], phase: 0.3 }).id).toBe('alerts-pulse')
    expect(heatLayer({ rows: [] }).id).toBe('detections-heat')
  })

  it('get the same data array when an event changed nothing, a new one when it did', () => {
    const rows = new KeyedRows<CameraRow>()
    rows.replaceAll([camera('a', 'online'), camera('b', 'online')])
    const first = camerasLayer({ cameras: rows.rows() })
    // the same status pushed again, as a new object
    expect(rows.set(camera('a', 'online'))).toBe(false)
    const second = camerasLayer({ cameras: rows.rows() })
    expect(second.props.data).toBe(first.props.data)
    expect(rows.set(camera('a', 'offline'))).toBe(true)
    const third = camerasLayer({ cameras: rows.rows() })
    expect(third.props.data).not.toBe(first.props.data)
    expect((third.props.data as CameraRow[]).find((c) => c.id === 'a')?.state).toBe('offline')
    // the unchanged row is still the same object
    expect((third.props.data as CameraRow[]).find((c) => c.id === 'b')).toBe(
      (first.props.data as CameraRow[]).find((c) => c.id === 'b'),
    )
  })

  it('pulse with uniforms only: the data stays the same array from frame to frame', () => {
    const alerts = [
      {
        id: 'x',
        lon: 108,
        lat: 15,
        severity: 'critical' as const,
        acknowledged: false,
        title: 't',
        sourceType: 'sensor' as const,
        sourceId: 's',
      },
    ]
    const a = alertPulseLayer({ alerts, phase: 0 })
    const b = alertPulseLayer({ alerts, phase: 0.5 })
    expect(b.props.data).toBe(a.props.data)
    expect(a.props.radiusScale).toBe(1)
    expect(b.props.radiusScale).toBeCloseTo(1.8)
    expect(b.props.opacity).toBeCloseTo(0.5)
  })

  it('recompute sensor colours when the thresholds change (updateTriggers)', () => {
    const t1 = new Map([['w', 250]])
    const t2 = new Map([['w', 200]])
    const l1 = sensorsLayer({ sensors: [], thresholds: t1, thresholdsKey: thresholdsKey(t1) })
    const l2 = sensorsLayer({ sensors: [], thresholds: t2, thresholdsKey: thresholdsKey(t2) })
    expect(l1.props.updateTriggers.getFillColor).toBe('w=250')
    expect(l2.props.updateTriggers.getFillColor).toBe('w=200')
  })
})

describe('sensor colours', () => {
  const air = (value: number | null, online = true): SensorRow => ({
    ...sensorRow(device({ id: 'air', kind: 'air_quality', metrics: ['pm25', 'pm10', 'aqi'], online }), value),
  })

  it('colour air stations by the EPA category of their AQI', () => {
    expect(air(0).metric).toBe('aqi')
    expect(sensorColor(air(42), undefined)).toEqual(aqiColors.good)
    expect(sensorColor(air(51), undefined)).toEqual(aqiColors.moderate)
    expect(sensorColor(air(150), undefined)).toEqual(aqiColors.unhealthy_for_sensitive_groups)
    expect(sensorColor(air(151), undefined)).toEqual(aqiColors.unhealthy)
    expect(sensorColor(air(250), undefined)).toEqual(aqiColors.very_unhealthy)
    expect(sensorColor(air(301), undefined)).toEqual(aqiColors.hazardous)
  })

  it('colour water levels against the station threshold', () => {
    const water = (value: number) => sensorRow(device({}), value)
    expect(sensorColor(water(120), 250)).toEqual(waterLevelColors.normal)
    expect(sensorColor(water(226), 250)).toEqual(waterLevelColors.watch)
    expect(sensorColor(water(250), 250)).toEqual(waterLevelColors.flood)
    expect(sensorColor(water(300), 250)).toEqual(waterLevelColors.flood)
    expect(sensorColor(water(300), undefined)).toEqual(waterLevelColors.no_threshold)
  })

  it('grey out an offline station and one without a reading', () => {
    expect(sensorColor(air(42, false), undefined)).not.toEqual(aqiColors.good)
    expect(sensorColor(air(null), undefined)).not.toEqual(aqiColors.good)
  })
})

describe('thresholds from the rules', () => {
  it('take the lowest enabled "above" rule that targets the station', () => {
    const d = device({})
    expect(thresholdOf(d, 'water_level_cm', [floodRule()])).toBe(250)
    expect(
      thresholdOf(d, 'water_level_cm', [
        floodRule(),
        floodRule({ id: 'hoi-an-200', value: 200, target: { districts: ['Hội An'] } }),
        floodRule({ id: 'tam-ky-150', value: 150, target: { districts: ['Tam Kỳ'] } }),
        floodRule({ id: 'off-100', value: 100, enabled: false }),
      ]),
    ).toBe(200)
    expect(thresholdOf(d, 'water_level_cm', [floodRule({ target: { deviceKinds: ['air_quality'] } })])).toBe(
      undefined,
    )
    expect(waterThresholds([d, device({ id: 'air', kind: 'air_quality' })], [floodRule()])).toEqual(
      new Map([['water-level-hoian-01', 250]]),
    )
  })
})

describe('the site', () => {
  it('is the province holding the cameras and sensors (Quảng Nam for Hội An and Tam Kỳ)', () => {
    const file = new URL('../../../../../../shared/geo/vietnam-provinces.geojson', import.meta.url)
    const boundaries = mapBoundariesSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    const hoiAn = { lon: 108.3262, lat: 15.8771 }
    const tamKy = { lon: 108.474, lat: 15.5736 }
    const daNang = { lon: 108.2022, lat: 16.0544 }
    expect(siteFeatureNames(boundaries, [hoiAn, tamKy])).toEqual(['Quảng Nam'])
    expect(siteFeatureNames(boundaries, [hoiAn, daNang])).toEqual(['Quảng Nam', 'Đà Nẵng'])
    const layer = boundariesLayer({ boundaries, siteNames: ['Quảng Nam'] })
    expect(layer.id).toBe('boundaries')
    expect(layer.props.updateTriggers.getFillColor).toBe('Quảng Nam')
    const outline = siteOutlineLayer({ boundaries, siteNames: ['Quảng Nam'] })
    expect((outline.props.data as { features: unknown[] }).features).toHaveLength(1)
  })

  it('draws the site and its neighbours, not the whole country', () => {
    const file = new URL('../../../../../../shared/geo/vietnam-provinces.geojson', import.meta.url)
    const boundaries = mapBoundariesSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    const names = featuresAround(boundaries, ['Quảng Nam']).features.map((f) => f.properties.name)
    expect(names).toEqual(expect.arrayContaining(['Quảng Nam', 'Đà Nẵng', 'Quảng Ngãi', 'Kon Tum']))
    expect(names).not.toContain('Hà Nội')
    expect(names.length).toBeLessThan(boundaries.features.length / 3)
    expect(featuresAround(boundaries, [])).toBe(boundaries)
  })
})

describe('placesKey', () => {
  const a = { lon: 108.33, lat: 15.88, district: 'Hội An', value: 41 }
  const b = { lon: 108.47, lat: 15.57, district: 'Tam Kỳ', value: 7 }
  it('stays while only readings change, moves with a place, a district or a point more or less', () => {
    const key = placesKey([a, b])
    expect(placesKey([{ ...a, value: 99 }, b])).toBe(key)
    expect(placesKey([{ ...a, lon: 108.331 }, b])).not.toBe(key)
    expect(placesKey([{ ...a, district: 'Điện Bàn' }, b])).not.toBe(key)
    expect(placesKey([a])).not.toBe(key)
    expect(placesKey([b, a])).not.toBe(key)
  })
})
