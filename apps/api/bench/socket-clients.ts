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
  /** Observations published in the first this many ms are left out of the percentiles (JIT, TCP warm-up). */
  warmupMs: number
}

export type ClientsMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | {
      type: 'result'
      /**
       * Latency percentiles over every (observation, client) arrival after the warm-up, ms; null
       * without samples.
       */
      p50Ms: number | null
      p99Ms: number | null
      p999Ms: number | null
      maxMs: number | null
      /** p99 of the observations published in each second of the run, in order (warm-up shows). */
      p99BySecondMs: number[]
      samples: number
      received: number[]
      cpuSeconds: number
    }

const wallNow = () => performance.timeOrigin + performance.now()

function start(o: ClientsStart): void {
  const latencies = new Float64Array(o.maxSamples)
  /** The publish time of each sample, to split the run by second. */
  const sentAt = new Float64Array(o.maxSamples)
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
        if (samples < latencies.length) {
          sentAt[samples] = obs.value
          latencies[samples++] = now - obs.value
        }
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
    const first = samples > 0 ? sentAt.subarray(0, samples).reduce((a, b) => Math.min(a, b)) : 0
    const bySecond: number[][] = []
    for (let i = 0; i < samples; i++)
      (bySecond[Math.floor((sentAt[i]! - first) / 1000)] ??= []).push(latencies[i]!)
    const p99BySecondMs = [...bySecond].map((l) => {
      if (!l || l.length === 0) return 0
      l.sort((a, b) => a - b)
      return Math.round(l[Math.min(l.length - 1, Math.floor(0.99 * l.length))]!)
    })
    const steady: number[] = []
    for (let i = 0; i < samples; i++) if (sentAt[i]! - first >= o.warmupMs) steady.push(latencies[i]!)
    const sorted = Float64Array.from(steady).sort()
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
        p99BySecondMs,
        samples: sorted.length,
        received,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      } satisfies ClientsMessage,
      () => process.exit(0),
    )
  })
}

process.once('message', (o: ClientsStart) => start(o))
