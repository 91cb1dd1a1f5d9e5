import mqtt from 'mqtt'
import { afterAll, describe, expect, it } from 'vitest'
import { deviceCreateSchema, parseSensorPayload, streams } from '@ioc/contracts'
import { aqiFromPm25, localHour, metricAt, noise } from '../src/sensors/curves.js'
import { buildFleet, deviceRegistrations } from '../src/sensors/fleet.js'
import { readingPayload, SensorSimulator } from '../src/sensors/sensor-simulator.js'

const brokerUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
const at = (iso: string) => Date.parse(iso)

describe('curves', () => {
  it('uses Vietnam local time', () => {
    expect(localHour(at('2026-06-01T00:00:00Z'))).toBe(7)
    expect(localHour(at('2026-06-01T20:30:00Z'))).toBe(3.5)
  })

  it('is deterministic and bounded', () => {
    expect(noise(3, 42)).toBe(noise(3, 42))
    for (let i = 0; i < 1000; i++) expect(Math.abs(noise(i, i * 31))).toBeLessThanOrEqual(1)
  })

  it('puts more dust and noise in the rush hour than at night', () => {
    const rush = at('2026-06-01T01:00:00Z') // 08:00 in Tam Kỳ
    const night = at('2026-06-01T20:00:00Z') // 03:00
    expect(metricAt.noise_db!({ t: rush, seed: 1 })).toBeGreaterThan(
      metricAt.noise_db!({ t: night, seed: 1 }) + 15,
    )
    expect(metricAt.vehicle_count!({ t: rush, seed: 1 })).toBeGreaterThan(
      metricAt.vehicle_count!({ t: night, seed: 1 }) * 3,
    )
  })

  it('converts PM2.5 to AQI on the 2024 EPA breakpoints (good ends at 9.0)', () => {
    expect([0, 9, 9.1, 12, 35.4, 55.4].map(aqiFromPm25)).toEqual([0, 50, 51, 56, 100, 150])
  })

  it('publishes as aqi the sub-index of the PM2.5 it publishes', () => {
    for (let t = at('2026-06-01T00:00:00Z'); t < at('2026-06-03T00:00:00Z'); t += 600_000) {
      const c = { t, seed: 7 }
      expect(metricAt.aqi!(c)).toBe(aqiFromPm25(metricAt.pm25!(c)))
    }
  })
})

describe('fleet', () => {
  it('gives unique, valid ids and every kind', () => {
    const fleet = buildFleet(48)
    expect(new Set(fleet.map((d) => d.id)).size).toBe(48)
    expect(new Set(fleet.map((d) => d.kind)).size).toBe(6)
    expect(fleet[0]).toMatchObject({ id: 'air-quality-tamky-01', place: { district: 'Tam Kỳ' } })
  })

  it('registers as the device registry expects', () => {
    const registrations = deviceRegistrations(buildFleet(12), (id) => `${id}-secret`)
    expect(deviceCreateSchema.array().parse(registrations)).toEqual(registrations)
    expect(registrations[1]).toMatchObject({
      id: 'water-level-tamky-01',
      metrics: ['water_level_cm'],
      password: 'water-level-tamky-01-secret',
    })
  })

  it('sends payloads that the ingest contract accepts', () => {
    const now = Date.now()
    for (const device of buildFleet(12)) {
      const result = parseSensorPayload(
        `ioc/v1/sensors/${device.id}/readings`,
        JSON.stringify(readingPayload(device, now)),
        { now, maxSkewMs: 60_000, maxBytes: 65_536 },
      )
      expect(result.ok, JSON.stringify(result)).toBe(true)
    }
  })
})

describe('sensor simulator on a real broker', () => {
  const sims: SensorSimulator[] = []
  afterAll(async () => {
    for (const s of sims) await s.stop()
  })

  it('publishes one QoS 1 message per device per tick', async () => {
    const watcher = await mqtt.connectAsync(brokerUrl)
    const seen = new Set<string>()
    watcher.on('message', (topic) => seen.add(topic))
    await watcher.subscribeAsync(streams.sensorReadings.filter, { qos: 1 })
    const devices = buildFleet(6).map((d) => ({ ...d, id: `${d.id}-${process.pid}` }))
    const sim = new SensorSimulator({
      brokerUrl,
      devices,
      intervalMs: 60_000,
      passwordOf: () => 'unused-here',
    })
    sims.push(sim)
    await sim.start()
    await expect.poll(() => sim.published, { timeout: 5000 }).toBe(6)
    await expect.poll(() => seen.size, { timeout: 5000 }).toBeGreaterThanOrEqual(6)
    for (const d of devices) expect(seen).toContain(`ioc/v1/sensors/${d.id}/readings`)
    await watcher.endAsync()
  })
})
