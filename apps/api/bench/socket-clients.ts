// The bench's socket clients, in a process of their own (forked by live.bench.ts), so that the
// publisher's timer loop and 200 clients' JSON parsing do not queue behind each other in one event
// loop and add their waiting to the latency being measured. Each observation's value is its
// publish time (wall-clock ms, performance.timeOrigin + now), so latency is taken at arrival
// without shipping arrivals back to the parent.
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts'

export interface ClientsStart {
  url: string
  token: string
  clients: number
  /** Device ids of this run start with it; other traffic on the broker is not counted. */
  prefix: string
  /** Latency samples kept at most (memory bound). */
  maxSamples: number
}

export type ClientsMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | {
      type: 'result'
      /** Latency percentiles over every (observation, client) arrival, ms; null without samples. */
      p50Ms: number | null
      p99Ms: number | null
      p999Ms: number | null
      maxMs: number | null
      samples: number
      received: number[]
      cpuSeconds: number
    }

const wallNow = () => performance.timeOrigin + performance.now()

function start(o: ClientsStart): void {
  const latencies = new Float64Array(o.maxSamples)
  let samples = 0
  const received = new Array<number>(o.clients).fill(0)
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []
  const cpu0 = process.cpuUsage()
  let ready = 0
  for (let c = 0; c < o.clients; c++) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(o.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: o.token },
      reconnection: false,
    })
    sockets.push(socket)
    socket.on('readings:batch', ({ observations }) => {
      const now = wallNow()
      for (const obs of observations) {
        if (!obs.deviceId.startsWith(o.prefix)) continue
        received[c]!++
        if (samples < latencies.length) latencies[samples++] = now - obs.value
      }
    })
    socket.once('connect_error', (err) => process.send!({ type: 'failed', message: err.message }))
    socket.once('connect', () =>
      socket.emit('subscribe', { rooms: ['domain:readings'] }, (r) => {
        if (!r.ok) return process.send!({ type: 'failed', message: r.error.message })
        if (++ready === o.clients) process.send!({ type: 'ready' } satisfies ClientsMessage)
      }),
    )
  }
  process.once('message', () => {
    const sorted = latencies.slice(0, samples).sort()
    const at = (p: number) =>
      sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
    const cpu = process.cpuUsage(cpu0)
    for (const s of sockets) s.disconnect()
    process.send!(
      {
        type: 'result',
        p50Ms: at(50),
        p99Ms: at(99),
        p999Ms: at(99.9),
        maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1]!,
        samples,
        received,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      } satisfies ClientsMessage,
      () => process.exit(0),
    )
  })
}

process.once('message', (o: ClientsStart) => start(o))
