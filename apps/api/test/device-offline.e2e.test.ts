// Device offline has one definition (libs/contracts device-status.ts) and one stream: the ingest
// publishes each device's status, retained, on ioc/v1/devices/{id}/status, and the api's offline
// rules read that stream. Here a real Mosquitto of the test's own carries it (the shared one holds
// other tests' retained statuses) and the database says nothing about the devices' liveness: the
// alert can only come from the stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { alertListSchema, streams, type Alert, type DeviceStatus } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { startTestApi, type TestApi } from './support/api.js'
import { startPrivateBroker, type PrivateBroker } from './support/private-broker.js'

const target = testTargets.find((t) => t.name === 'postgres')!
/** The demo's offline rule: silent for more than 300 s, every device. */
const RULE = 'device-offline-5min'
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString()

const station = (id: string) => ({
  id,
  kind: 'air_quality',
  name: `Trạm ${id}`,
  lat: 15.57,
  lon: 108.47,
  district: 'Tam Kỳ',
  metrics: ['pm25'],
  password: 'device-secret-1',
})

describe('offline rules read the retained device status stream', () => {
  let broker: PrivateBroker
  let client: MqttClient
  let api: TestApi
  const silent = 'aq-silent-01'
  const never = 'aq-never-01'

  const publishStatus = (status: DeviceStatus) =>
    client.publishAsync(streams.deviceStatus.topic({ deviceId: status.deviceId }), JSON.stringify(status), {
      qos: 1,
      retain: true,
    })

  const alertsOf = async (deviceId: string): Promise<Alert[]> => {
    const res = await api.request('/alerts?limit=1000', { as: 'admin' })
    expect(res.status).toBe(200)
    return alertListSchema
      .parse(await res.json())
      .items.filter((a) => a.sourceId === deviceId && a.ruleId === RULE)
  }

  const eventually = async <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    ms = 20_000,
  ): Promise<T> => {
    const until = Date.now() + ms
    for (;;) {
      const found = await probe()
      if (found !== undefined) return found
      if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }

  beforeAll(async () => {
    broker = await startPrivateBroker()
    client = await mqtt.connectAsync(broker.url)
    // Published before the api starts: retained, so a replica that starts later still learns it.
    await publishStatus({ deviceId: silent, online: false, lastSeen: minutesAgo(10), ts: minutesAgo(5) })
    await publishStatus({ deviceId: never, online: false, lastSeen: null, ts: minutesAgo(5) })
    api = await startTestApi(target, { MQTT_URL: broker.url })
    await api.app.get(RulesRuntime).ready()
    for (const id of [silent, never]) {
      const res = await api.request('/sensors', { as: 'admin', method: 'POST', body: station(id) })
      expect(res.status).toBe(201)
    }
  })

  afterAll(async () => {
    await client?.endAsync()
    await api?.close()
    await broker?.stop()
  })

  it('raises an offline alert for a device the stream says is silent, although its row was never seen', async () => {
    const [alert] = await eventually('offline alert', async () => {
      const found = await alertsOf(silent)
      return found.length > 0 ? found : undefined
    })
    expect(alert).toMatchObject({ status: 'active', sourceType: 'device', category: 'system' })
    expect(alert!.description).toContain('300')
  })

  it('raises nothing for a device never seen: not in service yet', async () => {
    // the silent device's alert above came from the same offline check
    expect(await alertsOf(never)).toEqual([])
  })

  it('clears the alert when the stream says the device speaks again', async () => {
    await publishStatus({ deviceId: silent, online: true, lastSeen: minutesAgo(0), ts: minutesAgo(0) })
    const [alert] = await eventually('cleared alert', async () => {
      const found = await alertsOf(silent)
      return found.some((a) => a.status === 'cleared') ? found : undefined
    })
    expect(alert).toMatchObject({ status: 'cleared' })
  })
})
