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
      /** Arrivals after the warm-up by latency, 1 ms buckets (the last one: that or more). */
      histogram: number[]
      /** The same for the observations published in each second of the run, in order (warm-up shows). */
      bySecond: number[][]
      received: number[]
      cpuSeconds: number
    }

/** 1 ms buckets up to this, the last bucket holding everything slower. */
export const HISTOGRAM_MS = 10_000

/** Bucket of a latency (ceil: 0.2 ms counts as 1 ms). */
export const bucketOf = (ms: number) => Math.min(HISTOGRAM_MS, Math.max(0, Math.ceil(ms)))

/** The p-th percentile, ms, of one or more summed histograms; null without samples. */
export function percentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0)
  if (total === 0) return null
  const rank = Math.min(total - 1, Math.floor((p / 100) * total))
  let seen = 0
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms]!
    if (seen > rank) return ms
  }
  return histogram.length - 1
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
  // the parent's first publish time: every clients' process splits the run the same way
  process.once('message', ({ firstPublishAt: first }: { firstPublishAt: number }) => {
    const histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0)
    const bySecond: number[][] = []
    for (let i = 0; i < samples; i++) {
      const bucket = bucketOf(latencies[i]!)
      const second = Math.max(0, Math.floor((sentAt[i]! - first) / 1000))
      ;(bySecond[second] ??= new Array<number>(HISTOGRAM_MS + 1).fill(0))[bucket]!++
      if (sentAt[i]! - first >= o.warmupMs) histogram[bucket]!++
    }
    const cpu = process.cpuUsage(cpu0)
    for (const s of sockets) s.disconnect()
    process.send!(
      {
        type: 'result',
        histogram,
        bySecond: [...bySecond].map((h) => h ?? []),
        received,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      } satisfies ClientsMessage,
      () => process.exit(0),
    )
  })
}

process.once('message', (o: ClientsStart) => start(o))
