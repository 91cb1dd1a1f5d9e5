// A threshold rule on sources of the test's own, and one breach of it per source over MQTT: what
// the rules tests count alerts of.
import { expect } from 'vitest'
import type { MqttClient } from 'mqtt'
import { publishTo, streams } from '@ioc/contracts'
import type { TestApi } from './api.js'

/** vehicle_count above 100 on each of `devices`, created through the api as an admin would. */
export async function createBreachRule(
  api: TestApi,
  id: string,
  name: string,
  devices: string[],
): Promise<void> {
  const created = await api.request('/rules', {
    as: 'admin',
    method: 'POST',
    body: {
      id,
      name,
      kind: 'threshold',
      severity: 'minor',
      category: 'traffic',
      subCategory: 'trafficJam',
      target: { sourceIds: devices },
      params: { metric: 'vehicle_count', op: 'gt', value: 100 },
    },
  })
  expect(created.status).toBe(201)
}

/** One message a device, a reading of 150 now; resolves once the broker has them all (QoS 1). */
export function publishBreaches(publisher: MqttClient, devices: string[]): Promise<void> {
  return Promise.all(
    devices.map(
      (deviceId) =>
        new Promise<void>((ok, fail) =>
          publishTo(
            publisher,
            streams.liveObservations,
            {},
            [{ deviceId, metric: 'vehicle_count', ts: new Date().toISOString(), value: 150 }],
            (err) => (err ? fail(err) : ok()),
          ),
        ),
    ),
  ).then(() => {})
}
