// What one signed-in socket client may cost the api: rooms per connection, room names that exist,
// events per second. A real socket.io-client against the real api (PostgreSQL, Mosquitto).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import {
  type AckResult,
  type ClientToServerEvents,
  type ErrorBody,
  type ServerToClientEvents,
  type SubscribeResponse,
} from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { SOCKET_EVENT_BURST } from '../src/live/event-rate-limit.js'
import { LiveGateway } from '../src/live/live.gateway.js'
import { MAX_ROOMS_PER_CLIENT } from '../src/live/room-policy.js'
import { startTestApi, type TestApi } from './support/api.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

const run = `${process.pid}-${Date.now() % 100000}`
const district = `Limits ${run}`
const cameraIds = Array.from({ length: MAX_ROOMS_PER_CLIENT + 2 }, (_, i) => `cam-limits-${run}-${i}`)
const FLOOD = 10_000
const floodScript = fileURLToPath(new URL('./support/socket-flood.ts', import.meta.url))

/** What the flooding client saw (support/socket-flood.ts). */
interface FloodOutcome {
  acks: number
  errors: ErrorBody[]
  reason: string
  sentMs: number | null
}

describe('socket limits', () => {
  let api: TestApi
  const sockets: Client[] = []

  const connect = async (): Promise<Client> => {
    const socket: Client = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await api.token('operator') },
      reconnection: false,
    })
    sockets.push(socket)
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
    return socket
  }
  const join = (socket: Client, rooms: string[]) =>
    new Promise<AckResult<SubscribeResponse>>((ok) =>
      socket.emit('subscribe', { rooms: rooms as never }, (r: AckResult<SubscribeResponse>) => ok(r)),
    )
  /** The rooms the api holds whose name starts with `prefix`, across all connections. */
  const serverRooms = (prefix: string) =>
    [...api.app.get(LiveGateway).server.of('/').adapter.rooms.keys()].filter((r) => r.startsWith(prefix))

  beforeAll(async () => {
    api = await startTestApi(testTargets.find((t) => t.name === 'postgres')!)
    for (const id of cameraIds) {
      const res = await api.request('/cameras', {
        as: 'admin',
        method: 'POST',
        body: {
          id,
          name: id,
          kind: 'traffic',
          lat: 15.57,
          lon: 108.47,
          district,
          rtspUrl: 'rtsp://127.0.0.1:1/x',
        },
      })
      expect(res.status, await res.text()).toBe(201)
    }
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.disconnect()
    await api?.close()
  })

  it(`joins ${MAX_ROOMS_PER_CLIENT} rooms and refuses the next one with a reason`, async () => {
    const socket = await connect()
    const first = cameraIds.slice(0, MAX_ROOMS_PER_CLIENT).map((id) => `camera:${id}`)
    expect(await join(socket, first)).toMatchObject({ ok: true })
    // asking again for rooms it is in costs nothing
    expect(await join(socket, first.slice(0, 3))).toMatchObject({ ok: true })
    const next = await join(socket, [`camera:${cameraIds[MAX_ROOMS_PER_CLIENT]}`])
    console.log('65th room:', JSON.stringify(next))
    expect(next).toMatchObject({
      ok: false,
      error: {
        code: 'socket_too_many_rooms',
        message: expect.stringContaining(`at most ${MAX_ROOMS_PER_CLIENT}`),
      },
    })
    await new Promise<void>((ok) => socket.emit('unsubscribe', { rooms: [first[0]!] as never }, () => ok()))
    expect(await join(socket, [`camera:${cameraIds[MAX_ROOMS_PER_CLIENT]}`])).toMatchObject({ ok: true })
  })

  it('refuses districts and cameras that do not exist, and takes those that do', async () => {
    const socket = await connect()
    const atlantis = await join(socket, ['district:Atlantis'])
    expect(atlantis).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        details: [{ path: 'district:Atlantis', message: expect.stringContaining('no district') }],
      },
    })
    expect(await join(socket, ['camera:no-such-camera'])).toMatchObject({
      ok: false,
      error: { details: [{ path: 'camera:no-such-camera', message: 'no camera no-such-camera' }] },
    })
    expect(await join(socket, [`district:${district}`])).toMatchObject({ ok: true })
    expect(serverRooms('district:Atlantis')).toEqual([])
  })

  it(`disconnects a client sending ${FLOOD} subscribes in a burst; the api keeps answering`, async () => {
    const health = async () => {
      const t0 = performance.now()
      const res = await fetch(`${api.base}/health`)
      await res.body?.cancel()
      return performance.now() - t0
    }
    const baseline = await health()
    // The flooding client runs in a process of its own: in this one, its encoding would be measured.
    const flooder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        floodScript,
        api.base.replace(/\/api$/, ''),
        await api.token('operator'),
        String(FLOOD),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const lines = createInterface({ input: flooder.stdout })
    let finished = false
    const outcome = new Promise<FloodOutcome>((ok, fail) => {
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as FloodOutcome | { event: 'sent' }
        if (!('event' in msg)) ok(msg)
      })
      flooder.once('exit', (code) => fail(new Error(`flooding client exited (${code}) without a result`)))
    }).finally(() => (finished = true))
    const latencies: number[] = []
    while (!finished) latencies.push(await health())
    const result = await outcome
    console.log(
      `flood of ${FLOOD} subscribes (sent in ${result.sentMs} ms): ${result.reason}, ${result.acks} acks, ` +
        `errors ${JSON.stringify(result.errors.map((e) => e.code))}; GET /api/health ${Math.round(baseline)} ms ` +
        `before, during: max ${Math.round(Math.max(...latencies))} ms, ` +
        `median ${Math.round([...latencies].sort((a, b) => a - b)[latencies.length >> 1]!)} ms (${latencies.length} probes)`,
    )
    expect(result.reason).toBe('io server disconnect')
    expect(result.errors).toEqual([expect.objectContaining({ code: 'socket_rate_limited' })])
    expect(result.acks).toBeLessThanOrEqual(SOCKET_EVENT_BURST)
    expect(serverRooms('district:flood-')).toEqual([])
    // the api still serves a well-behaved client
    const next = await connect()
    expect(await join(next, ['domain:alerts'])).toMatchObject({ ok: true })
  }, 30_000)
})
