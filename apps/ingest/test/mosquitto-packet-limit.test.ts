// infra/mosquitto's packet size limit, on a real Mosquitto: a publish over it closes the
// connection and reaches no subscriber; one under it (a camera snapshot's size) is delivered.
import { readFileSync } from 'node:fs'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '@ioc/db/testing'
import { MosquittoProcess } from './support/mosquitto-process.js'

const conf = readFileSync(new URL('../../../infra/mosquitto/mosquitto.conf', import.meta.url), 'utf8')
const limitLine = conf.split('\n').find((l) => l.startsWith('max_packet_size '))
const limit = Number(limitLine?.split(' ')[1])

describe('Mosquitto with the max_packet_size of infra/mosquitto', () => {
  let mosquitto: MosquittoProcess
  const clients: mqtt.MqttClient[] = []

  beforeAll(async () => {
    mosquitto = new MosquittoProcess(await freePort(), ['allow_anonymous true', limitLine ?? ''])
    await mosquitto.start()
  })

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true)
    await mosquitto?.dispose()
  })

  it('refuses a packet over the limit and carries one under it', async () => {
    expect(limit).toBeGreaterThanOrEqual(1024 * 1024)
    const connect = async () => {
      const c = await mqtt.connectAsync(mosquitto.url, { reconnectPeriod: 0 })
      clients.push(c)
      return c
    }
    const sub = await connect()
    await sub.subscribeAsync('ioc/v1/#', { qos: 1 })
    const sizes: number[] = []
    sub.on('message', (_t, p) => sizes.push(p.length))

    const pub = await connect()
    await pub.publishAsync('ioc/v1/cameras/cam-1/snapshot', Buffer.alloc(1024 * 1024), { qos: 1 })
    await expect.poll(() => sizes).toEqual([1024 * 1024])

    const device = await connect()
    const closed = new Promise<void>((ok) => device.once('close', () => ok()))
    device.publish('ioc/v1/sensors/dev-1/readings', Buffer.alloc(limit + 1), { qos: 1 })
    await closed
    await new Promise((r) => setTimeout(r, 300))
    expect(sizes).toEqual([1024 * 1024])
  })
})
