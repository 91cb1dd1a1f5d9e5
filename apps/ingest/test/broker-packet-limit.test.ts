// The embedded broker refuses a packet over its limit from its fixed header, before the body
// arrives: the connection closes and the broker does not grow by the packet's size (a 150 MB
// publish used to be acknowledged and kept). Normal traffic, and the services' larger messages
// (camera snapshots), still go through.
import { connect as tcpConnect, type Socket } from 'node:net'
import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { SENSOR_MAX_PAYLOAD_BYTES } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import {
  DEFAULT_MAX_PACKET_BYTES,
  startEmbeddedBroker,
  type BrokerAccess,
  type EmbeddedBroker,
} from '../src/broker/embedded-broker.js'

const running: EmbeddedBroker[] = []
const clients: mqtt.MqttClient[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  for (const c of clients.splice(0)) await c.endAsync(true)
  for (const b of running.splice(0)) await b.stop()
})

// everyone gets in; only "svc" is one of the IOC's services
const access: BrokerAccess = {
  authenticate: async () => true,
  mayPublish: () => true,
  maySubscribe: () => true,
  isService: (username) => username === 'svc',
}

async function broker(log?: (line: string) => void) {
  const b = await startEmbeddedBroker({ port: await freePort(), access, ...(log ? { log } : {}) })
  running.push(b)
  return b
}

async function client(url: string, username: string) {
  const c = await mqtt.connectAsync(url, { username, password: 'x', reconnectPeriod: 0 })
  clients.push(c)
  return c
}

// MQTT 3.1.1 framing by hand, so that the test can announce a packet and stream its body without
// ever holding it (mqtt.js would build the whole packet in this process first)
const varint = (n: number) => {
  const out: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    out.push(byte)
  } while (n > 0)
  return Buffer.from(out)
}
const str = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 0xff]), Buffer.from(s)])
const packet = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type]), varint(body.length), body])
const connectPacket = (id: string) =>
  packet(0x10, Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 60]), str(id), str('dev-raw'), str('x')]))

/** Announces a QoS 0 publish of `size` payload bytes and streams it; resolves with what the broker took. */
function streamHugePublish(url: string, topic: string, size: number) {
  const { hostname, port } = new URL(url)
  const socket = tcpConnect(Number(port), hostname)
  sockets.push(socket)
  return new Promise<{ sent: number; closed: boolean }>((resolve) => {
    let sent = 0
    let closed = false
    const chunk = Buffer.alloc(1024 * 1024, 0x61)
    socket.on('error', () => undefined)
    socket.on('close', () => {
      closed = true
      resolve({ sent, closed })
    })
    socket.once('connect', () => {
      socket.write(connectPacket('raw-device'))
      const head = str(topic)
      socket.write(Buffer.concat([Buffer.from([0x30]), varint(head.length + size), head]))
      const pump = () => {
        while (!closed && sent < size) {
          const n = Math.min(chunk.length, size - sent)
          sent += n
          if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
            return void socket.once('drain', pump)
        }
        // all of it went out and the broker still holds the line open: it took the packet
        if (!closed) setTimeout(() => resolve({ sent, closed }), 2000)
      }
      pump()
    })
  })
}

describe('embedded broker packet size limit', () => {
  it('leaves room for the largest sensor message and its topic', () => {
    const topic = `ioc/v1/sensors/${'d'.repeat(64)}/readings`
    expect(DEFAULT_MAX_PACKET_BYTES).toBeGreaterThan(SENSOR_MAX_PAYLOAD_BYTES + 2 + topic.length + 5)
  })

  it('closes the connection of a 150 MB publish before buffering it, and carries normal traffic', async () => {
    const lines: string[] = []
    const b = await broker((l) => lines.push(l))
    const svc = await client(b.url, 'svc')
    await svc.subscribeAsync('ioc/v1/#', { qos: 0 })
    const received: { topic: string; size: number }[] = []
    svc.on('message', (topic, payload) => received.push({ topic, size: payload.length }))

    global.gc?.()
    const before = process.memoryUsage()
    const huge = await streamHugePublish(b.url, 'ioc/v1/sensors/dev-raw/readings', 150 * 1024 * 1024)
    const after = process.memoryUsage()
    const grown = after.rss - before.rss
    console.log(
      `150 MB publish: ${huge.sent} bytes written before the broker closed the connection; rss grew ${Math.round(grown / 1e6)} MB`,
    )
    expect(huge.closed).toBe(true)
    expect(huge.sent).toBeLessThan(32 * 1024 * 1024)
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024)
    expect(grown).toBeLessThan(64 * 1024 * 1024)
    expect(lines).toContainEqual(expect.stringMatching(/closed: MQTT packet of 157286\d+ bytes, limit \d+/))

    // a device's normal reading, and one just under the limit, still go through; so does a
    // service's message larger than a device may send (a camera snapshot)
    const device = await client(b.url, 'dev-1')
    await device.publishAsync('ioc/v1/sensors/dev-1/readings', '{"values":{"pm25":12}}', { qos: 1 })
    await device.publishAsync('ioc/v1/sensors/dev-1/readings', Buffer.alloc(SENSOR_MAX_PAYLOAD_BYTES, 0x20), {
      qos: 1,
    })
    await svc.publishAsync('ioc/v1/cameras/cam-1/snapshot', Buffer.alloc(2 * 1024 * 1024), { qos: 1 })
    await expect
      .poll(() => received.map((r) => r.size))
      .toEqual([22, SENSOR_MAX_PAYLOAD_BYTES, 2 * 1024 * 1024])
    expect(received.some((r) => r.topic.includes('dev-raw'))).toBe(false)
  }, 60_000)

  it('disconnects a device (mqtt.js) that publishes over the limit', async () => {
    const b = await broker()
    const device = await client(b.url, 'dev-2')
    const closed = new Promise<void>((ok) => device.once('close', () => ok()))
    device.publish('ioc/v1/sensors/dev-2/readings', Buffer.alloc(DEFAULT_MAX_PACKET_BYTES), { qos: 1 })
    await closed
    expect(device.connected).toBe(false)
  })
})
