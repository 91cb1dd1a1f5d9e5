// Each MQTT message is decoded once per api process, on the real Mosquitto and PostgreSQL. A
// replica whose rules have a connection of their own (a shared subscription) receives each live
// observation twice, once for the fan-out and once for the rules: the second is given the first's
// decode. A single api on a clean session evaluates the rules on its one connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { streams } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import type { Database } from '@ioc/db'
import { DATABASE } from '../src/database/database.module.js'
import { MqttService } from '../src/messaging/mqtt.service.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { startTestApi, type TestApi } from './support/api.js'
import { createBreachRule, publishBreaches } from './support/breaches.js'
import { startPrivateBroker, type PrivateBroker } from './support/private-broker.js'
import { waitFor } from './support/processes.js'

const postgres = testTargets.find((t) => t.name === 'postgres')!
const BREACHES = 40

describe('each live observation decoded once per api process', () => {
  // a broker of the test's own: on the shared one every api of every other test file takes the
  // live stream too, and a burst there filled queues until Mosquitto dropped messages (CI)
  let broker: PrivateBroker
  let publisher: MqttClient
  const apis: TestApi[] = []

  beforeAll(async () => {
    broker = await startPrivateBroker()
    publisher = await mqtt.connectAsync(broker.url)
  })

  afterAll(async () => {
    await publisher?.endAsync()
    for (const api of apis) await api.close()
    await broker?.stop()
  })

  /** A threshold rule on BREACHES devices of its own; resolves with a count of its alerts. */
  const withRule = async (api: TestApi, run: string) => {
    const devices = Array.from({ length: BREACHES }, (_, i) => `${run}-${i}`)
    await createBreachRule(api, run, 'Ùn tắc (một lần giải mã)', devices)
    await api.app.get(RulesRuntime).reload()
    // a message published before the broker granted the subscriptions would reach neither
    await api.app.get(RulesRuntime).evaluating()
    const alerts = async () =>
      (
        await api.app
          .get<Database>(DATABASE)
          .pool.query<{ n: number }>('select count(*)::int as n from alerts where rule_id = $1', [run])
      ).rows[0]!.n
    return { devices, alerts }
  }

  it('a replica with the rules on their own connection decodes each message once for both', async () => {
    const api = await startTestApi(postgres, { MQTT_URL: broker.url })
    apis.push(api)
    const run = `decode-once-${process.pid}-${Date.now() % 100000}`
    const { devices, alerts } = await withRule(api, run)
    // the rules' connection is up once it has subscribed: wait for the fan-out and the rules alike
    const mqttService = api.app.get(MqttService)
    await mqttService.subscribedTo(streams.liveObservations.filter)
    const before = mqttService.decodedForBothCounts
    await publishBreaches(publisher, devices)
    await waitFor('an alert for each breach', async () => (await alerts()) >= BREACHES, 30_000)
    // every message reached both connections (this replica is its share group's only member),
    // and the second arrival of each reused the first's decode. Other test files publish on the
    // same topic meanwhile: theirs only add to both counts.
    const counts = await waitFor(
      'every message taken by both connections',
      async () => {
        const c = mqttService.decodedForBothCounts
        return c.reused - before.reused >= BREACHES ? c : undefined
      },
      10_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify({ before, now: mqttService.decodedForBothCounts })}`)
    })
    console.info(
      `decode once: ${counts.decoded - before.decoded} messages decoded, ${counts.reused - before.reused} second arrivals reused`,
    )
    expect(await alerts()).toBe(BREACHES)
  }, 60_000)

  it('a single api on a clean session evaluates the rules on its one connection', async () => {
    // no MQTT_URL: the embedded broker's address, here the test broker's port, and no share group
    const port = new URL(broker.url).port
    const api = await startTestApi(postgres, { MQTT_URL: undefined, IOC_EMBEDDED_MQTT_PORT: port })
    apis.push(api)
    const run = `decode-single-${process.pid}-${Date.now() % 100000}`
    const { devices, alerts } = await withRule(api, run)
    await publishBreaches(publisher, devices)
    await waitFor('an alert for each breach', async () => (await alerts()) >= BREACHES, 30_000)
    // one connection: nothing arrives twice, so nothing is kept for a second decode
    expect(api.app.get(MqttService).decodedForBothCounts).toEqual({ decoded: 0, reused: 0 })
    expect(await alerts()).toBe(BREACHES)
  }, 60_000)
})
