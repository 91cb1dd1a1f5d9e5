import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { serviceStatusSchema, streams } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import { startEmbeddedBroker, type BrokerAccess, type EmbeddedBroker } from '../src/broker/embedded-broker.js'
import { Heartbeat, heartbeatWill } from '../src/heartbeat.js'

const running: EmbeddedBroker[] = []
const clients: mqtt.MqttClient[] = []

async function broker(access?: BrokerAccess) {
  const b = await startEmbeddedBroker({ port: await freePort(), ...(access ? { access } : {}) })
  running.push(b)
  return b
}

async function connect(url: string, options: mqtt.IClientOptions = {}) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options })
  clients.push(client)
  return client
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.endAsync(true)
  for (const b of running.splice(0)) await b.stop()
})

describe('embedded broker', () => {
  it('delivers QoS 1 messages between clients', async () => {
    const b = await broker()
    const sub = await connect(b.url)
    await sub.subscribeAsync('ioc/v1/sensors/+/readings', { qos: 1 })
    const got = new Promise<string>((ok) => sub.on('message', (_t, p) => ok(p.toString())))
    const pub = await connect(b.url)
    await pub.publishAsync('ioc/v1/sensors/aq-1/readings', '{"values":{"pm25":12}}', { qos: 1 })
    expect(await got).toBe('{"values":{"pm25":12}}')
  })

  it('names the variable when its port is taken', async () => {
    const b = await broker()
    await expect(startEmbeddedBroker({ port: b.port })).rejects.toThrow(
      `port ${b.port} is already in use (another IOC instance?); stop it or set IOC_EMBEDDED_MQTT_PORT`,
    )
  })
})

describe('heartbeat', () => {
  it('publishes a valid retained status, a will on a crash, and clears it on a clean stop', async () => {
    const b = await broker()
    const service = await connect(b.url, {
      clientId: 'ingest-test',
      will: heartbeatWill('ingest', 'ingest-test'),
    })
    const heartbeat = new Heartbeat(service, 'ingest', 'ingest-test', () => ({ mqtt: { ok: true } }))
    heartbeat.beat()

    const reader = await connect(b.url)
    const messages: Buffer[] = []
    reader.on('message', (_t, p) => messages.push(p))
    await reader.subscribeAsync(streams.serviceStatus.filter, { qos: 1 })
    await expect.poll(() => messages.length, { timeout: 3000 }).toBe(1)
    const status = serviceStatusSchema.parse(JSON.parse(messages[0]!.toString()))
    expect(status).toMatchObject({
      service: 'ingest',
      instance: 'ingest-test',
      pipelines: { mqtt: { ok: true } },
    })

    // a crash: the socket goes without DISCONNECT, so the broker publishes the will
    service.stream.destroy()
    await expect.poll(() => messages.length, { timeout: 5000 }).toBe(2)
    expect(serviceStatusSchema.parse(JSON.parse(messages[1]!.toString())).pipelines.process?.ok).toBe(false)

    const again = await connect(b.url, { clientId: 'ingest-test-2' })
    await new Heartbeat(again, 'ingest', 'ingest-test', () => ({})).stop()
    await expect.poll(() => messages.at(-1)?.length, { timeout: 3000 }).toBe(0)
  })
})
