// npm run bench:load [-- --devices 200 --rate 1000 --cameras 2 --minutes 1.5 --clients 4 --warmup 15
//                       --sample 10 --json]
//
// The whole system under load on servers of its own (the fault suite's: a PostgreSQL cluster made
// with initdb, a Mosquitto, a Redis, simulated RTSP cameras): two ingest replicas (shared
// subscription, camera leases) and two api replicas (Redis adapter) for T minutes. K devices
// publish QoS 1 one-reading messages at R messages/s in all; M cameras are pulled (no detection
// model: live video and its frames only); socket clients, half on each api, in domain:readings.
// Prints throughput (published, stored, delivered), publish -> socket latency percentiles (each
// reading's ts is its publish time), every replica's memory over time (and whether it is flat),
// CPU by part, and the sizing it implies per node. --json: the same as one JSON object on stdout.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import mqtt, { type MqttClient } from 'mqtt'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts'
import { defaultPolicy, openDatabase } from '@ioc/db'
import { freePort } from '@ioc/db/testing'
import { machineBusySeconds } from '../../apps/api/bench/api-process.js'
import { HISTOGRAM_MS, bucketOf, percentile } from '../../apps/api/bench/socket-clients.js'
import { MosquittoProcess } from '../../apps/ingest/test/support/mosquitto-process.js'
import { readingCounts, waitUntil } from '../faults/support/counts.js'
import { apiReplicas, ingestReplica, startAnswering } from '../faults/support/processes.js'
import { PostgresCluster, RedisServer, startTrafficCameras } from '../faults/support/servers.js'
import { printFigureTable, type FigureRow } from './figure-table.js'

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '200' },
    rate: { type: 'string', default: '1000' },
    cameras: { type: 'string', default: '2' },
    minutes: { type: 'string', default: '1.5' },
    clients: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '15' },
    sample: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
})
const K = Number(args.devices)
const R = Number(args.rate)
const M = Number(args.cameras)
const T = Number(args.minutes)
const CLIENTS = Math.max(2, Number(args.clients))
const WARMUP_S = Number(args.warmup)
const SAMPLE_S = Number(args.sample)
for (const [name, v] of Object.entries({ devices: K, rate: R, minutes: T, sample: SAMPLE_S }))
  if (!(v > 0)) throw new Error(`--${name} must be a positive number (got ${String(v)})`)
if (!(M >= 0) || !(WARMUP_S >= 0)) throw new Error('--cameras and --warmup must be 0 or more')
const json = args.json
const log = (line: string) => process.stderr.write(`${line}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits
/** The share of a node's cores the sizing leaves busy: room for bursts, restarts and the OS. */
const TARGET_UTILISATION = 0.7
const password = 'ioc-bench-load'

/** Resident memory of a process, MB (VmRSS); null once it is gone. */
function rssMb(pid: number | undefined): number | null {
  if (!pid) return null
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) / 1024 : null
  } catch {
    return null
  }
}

/**
 * CPU seconds so far of this bench's own processes (everything it started, at any depth: the
 * machine is shared, and its PostgreSQL, Mosquitto or ffmpeg must not be counted), by part: a
 * named root's own process, and the rest by command name.
 */
function cpuByPart(roots: Record<string, number | undefined>): Record<string, number> {
  const procs = new Map<number, { ppid: number; comm: string; cpu: number }>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const fields = stat.slice(close + 2).split(' ')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      procs.set(Number(d), {
        ppid: Number(fields[1]),
        comm,
        cpu: (Number(fields[11]) + Number(fields[12])) / 100,
      })
    } catch {
      // gone meanwhile
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p !== undefined && p > 1; p = procs.get(p)?.ppid)
      if (p === process.pid) return true
    return false
  }
  const named = new Map(Object.entries(roots).map(([name, pid]) => [pid, name]))
  const out: Record<string, number> = Object.fromEntries(Object.keys(roots).map((n) => [n, 0]))
  for (const part of ['ffmpeg', 'postgres', 'mosquitto', 'redis-server', 'other']) out[part] = 0
  for (const [pid, p] of procs) {
    if (!ours(pid)) continue
    const part = named.get(pid) ?? (p.comm in out ? p.comm : 'other')
    out[part]! += p.cpu
  }
  return out
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

/**
 * K devices on a few MQTT connections (a device is its topic; the broker's cost is per message),
 * publishing one reading a message with QoS 1. A reading's ts is its publish time, unique per
 * device (1 ms apart at least), so a stored row is one published and a delivered one is timed.
 */
class Devices {
  published = 0
  sent = 0
  private timer: NodeJS.Timeout | null = null
  private readonly acks: Promise<void>[] = []
  private readonly lastTs = new Array<number>(K).fill(0)

  constructor(
    private readonly clients: MqttClient[],
    readonly prefix: string,
  ) {}

  static async connect(url: string, prefix: string): Promise<Devices> {
    const n = Math.min(K, 20)
    const clients = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        mqtt.connectAsync(url, { clientId: `${prefix}pub-${i}`, clean: true, reconnectPeriod: 1000 }),
      ),
    )
    return new Devices(clients, prefix)
  }

  start(): void {
    const t0 = performance.now()
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) / 1000) * R)
      for (; this.sent < due; this.sent++) {
        const d = this.sent % K
        const ts = Math.max(Date.now(), this.lastTs[d]! + 1)
        this.lastTs[d] = ts
        const client = this.clients[d % this.clients.length]!
        const payload = JSON.stringify({ ts, values: { pm25: (this.sent % 400) + 1 } })
        this.acks.push(
          client
            .publishAsync(`ioc/v1/sensors/${this.prefix}${d}/readings`, payload, { qos: 1 })
            .then(() => void this.published++),
        )
      }
    }, 5)
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await Promise.race([Promise.all(this.acks), sleep(60_000)])
  }

  async end(): Promise<void> {
    this.stop().catch(() => undefined)
    await Promise.all(this.clients.map((c) => c.endAsync(true)))
  }
}

/** Socket clients of the dashboards: latency of each delivered reading of the run, by its ts. */
class Viewers {
  readonly histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0)
  delivered = 0
  duplicated = 0
  private readonly seen: Set<string>[] = []
  private readonly sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []
  measureFrom = Infinity

  constructor(private readonly prefix: string) {}

  async connect(base: string, token: string): Promise<void> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
    })
    const seen = new Set<string>()
    this.seen.push(seen)
    this.sockets.push(socket)
    socket.on('readings:batch', ({ observations }) => {
      const now = Date.now()
      for (const o of observations) {
        if (!o.deviceId.startsWith(this.prefix)) continue
        const key = `${o.deviceId}@${o.ts}`
        if (seen.has(key)) this.duplicated++
        seen.add(key)
        this.delivered++
        const ts = Date.parse(o.ts)
        if (ts >= this.measureFrom) this.histogram[bucketOf(now - ts)]!++
      }
    })
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
    await new Promise<void>((ok, fail) =>
      socket.emit('subscribe', { rooms: ['domain:readings'] }, (r) =>
        r.ok ? ok() : fail(new Error(r.error.message)),
      ),
    )
  }

  /** Distinct readings each client saw, lowest first. */
  distinctPerClient(): number[] {
    return this.seen.map((s) => s.size).sort((a, b) => a - b)
  }

  close(): void {
    for (const s of this.sockets) s.disconnect()
  }
}

async function main() {
  const startedAt = Date.now()
  log(
    `bench:load: ${K} devices at ${R} msg/s in all, ${M} cameras, ${CLIENTS} socket clients, ` +
      `2 ingest + 2 api replicas, ${T} min (${WARMUP_S} s of it warm-up)`,
  )
  const cluster = await PostgresCluster.create()
  const db = await openDatabase({ url: cluster.url, policy: defaultPolicy })
  const broker = new MosquittoProcess(await freePort())
  const redis = await RedisServer.create()
  const stops: (() => Promise<unknown>)[] = []
  try {
    await broker.start()
    const cameras = await startTrafficCameras(db.pool, M)
    stops.push(async () => Promise.all(cameras.map((c) => c.stop())))
    const servers = { databaseUrl: cluster.url, mqttUrl: broker.url, leaseTtlS: 8 }
    const ingests = [
      // two on one host: an ops port each
      await ingestReplica('ingest-a', servers, { IOC_INGEST_HTTP_PORT: String(await freePort()) }),
      await ingestReplica('ingest-b', servers, { IOC_INGEST_HTTP_PORT: String(await freePort()) }),
    ]
    stops.push(async () => Promise.all(ingests.map((i) => i.dispose())))
    const apis = await apiReplicas(
      ['api-a', 'api-b'],
      { databaseUrl: cluster.url, mqttUrl: broker.url, redisUrl: redis.url },
      password,
    )
    stops.push(async () => Promise.all(apis.map((a) => a.proc.stop())))
    await startAnswering(apis)
    for (const ingest of ingests) {
      ingest.start()
      await ingest.waitForLine(/broker .* connected/, 60_000)
    }
    if (M > 0)
      await waitUntil('every camera pulled', () => cameras.every((c) => c.counts.active === 1), 90_000)

    const login = await fetch(`${apis[0]!.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password }),
    })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const prefix = `load-${randomBytes(3).toString('hex')}-`
    const viewers = new Viewers(prefix)
    for (let c = 0; c < CLIENTS; c++) await viewers.connect(apis[c % 2]!.base, accessToken)
    const devices = await Devices.connect(broker.url, prefix)
    stops.push(() => devices.end())
    log(`ready after ${round((Date.now() - startedAt) / 1000)} s; publishing`)

    const parts = {
      'ingest-a': () => ingests[0]!.child?.pid,
      'ingest-b': () => ingests[1]!.child?.pid,
      'api-a': () => apis[0]!.proc.child?.pid,
      'api-b': () => apis[1]!.proc.child?.pid,
    }
    const memory: { atS: number; mb: Record<string, number | null> }[] = []
    const sampleMemory = (atS: number) => {
      const mb = Object.fromEntries(
        Object.entries(parts).map(([name, pid]) => [name, rssMb(pid())]),
      ) as Record<string, number | null>
      memory.push({ atS, mb })
      log(
        `  ${String(Math.round(atS)).padStart(4)} s  ${Object.entries(mb)
          .map(([n, v]) => `${n} ${v === null ? '-' : Math.round(v)} MB`)
          .join('  ')}  published ${devices.published}`,
      )
    }
    // 'other': the simulated cameras and the bench's own helpers; the bench itself apart
    const cpuOf = () => {
      const own = process.cpuUsage()
      return {
        ...cpuByPart(Object.fromEntries(Object.entries(parts).map(([n, pid]) => [n, pid()]))),
        bench: (own.user + own.system) / 1e6,
      }
    }

    const load0 = loadavg()[0]!
    const t0 = Date.now()
    devices.start()
    const runMs = T * 60_000
    let cpu0 = cpuOf()
    let machine0 = machineBusySeconds()
    let measured0 = t0
    let published0 = 0
    let stored0 = 0
    for (let at = SAMPLE_S * 1000; ; at += SAMPLE_S * 1000) {
      const wait = Math.min(at, runMs) - (Date.now() - t0)
      if (wait > 0) await sleep(wait)
      const atS = (Date.now() - t0) / 1000
      if (atS >= WARMUP_S && measured0 === t0) {
        // the warm-up's end: CPU and counts from here
        viewers.measureFrom = Date.now()
        cpu0 = cpuOf()
        machine0 = machineBusySeconds()
        measured0 = Date.now()
        published0 = devices.sent
        stored0 = (await readingCounts(db, prefix)).stored
      }
      sampleMemory(atS)
      if (at >= runMs) break
    }
    const cpu1 = cpuOf()
    const machine1 = machineBusySeconds()
    const measuredS = (Date.now() - measured0) / 1000
    const sentMeasured = devices.sent - published0
    const storedAtEnd = (await readingCounts(db, prefix)).stored
    const load1 = loadavg()[0]!
    await devices.stop()
    const counts = await waitUntil(
      'every reading published stored',
      async () => {
        const c = await readingCounts(db, prefix)
        return c.stored >= devices.published ? c : null
      },
      60_000,
    ).catch(async () => readingCounts(db, prefix))
    await sleep(1500) // the last live windows
    viewers.close()

    const cores = Object.fromEntries(
      Object.entries(cpu1).map(([n, s]) => [
        n,
        round((s - (cpu0 as Record<string, number>)[n]!) / measuredS, 2),
      ]),
    ) as Record<string, number>
    const machineCores = round((machine1 - machine0) / measuredS, 2)
    const publishedRate = sentMeasured / measuredS
    const storedRate = (storedAtEnd - stored0) / measuredS
    const p = (q: number) => percentile(viewers.histogram, q)

    const memoryAfterWarmup = memory.filter((m) => m.atS >= WARMUP_S)
    const memoryTrend = Object.fromEntries(
      Object.keys(parts).map((name) => {
        const pts = memoryAfterWarmup.filter((m) => m.mb[name] !== null)
        const first = pts[0]?.mb[name] ?? 0
        const last = pts.at(-1)?.mb[name] ?? 0
        const perMin =
          pts.length > 2
            ? slope(
                pts.map((m) => m.atS / 60),
                pts.map((m) => m.mb[name]!),
              )
            : 0
        // flat: the last third's mean within 5% of the middle third's. The first third is the
        // heap settling (the api's grew ~40 MB over 3 minutes, then stayed within 2 MB), and
        // garbage collection saws up and down between samples; a leak raises every third.
        const third = Math.floor(pts.length / 3)
        const mean = (xs: typeof pts) => xs.reduce((sum, m) => sum + m.mb[name]!, 0) / Math.max(1, xs.length)
        const flat =
          pts.length < 3 ||
          mean(pts.slice(pts.length - third)) <= 1.05 * mean(pts.slice(third, pts.length - third))
        return [name, { firstMb: round(first), lastMb: round(last), mbPerMin: round(perMin, 2), flat }]
      }),
    )

    // Sizing, linear in what was measured, at TARGET_UTILISATION: a replica is one event loop, so
    // it is sized by one core of its own; a camera's ffmpeg is a process of its own, so cameras are
    // sized by a node's cores (infra/README.md's nodes: 2 cores). The ingest's own CPU is all put on
    // its readings, though the cameras' frames reach it too (without a model nothing is inferred):
    // its readings figure errs low. Detection is bench:detect's (8 cameras at 5 fps per 2 cores).
    const ingestCores = (cores['ingest-a']! + cores['ingest-b']!) / 2
    const ffmpegPerCamera = M > 0 ? cores.ffmpeg! / M : 0
    const apiCores = (cores['api-a']! + cores['api-b']!) / 2
    const nodeCores = 2
    const sizing = {
      utilisation: TARGET_UTILISATION,
      readingsPerSPerIngestReplica:
        ingestCores > 0 ? Math.floor(((storedRate / 2) * TARGET_UTILISATION) / ingestCores) : null,
      liveReadingsPerSPerApiReplica:
        apiCores > 0 ? Math.floor((publishedRate * TARGET_UTILISATION) / apiCores) : null,
      socketClientsPerApiReplicaMeasured: CLIENTS / 2,
      nodeCores,
      ffmpegCoresPerCamera: round(ffmpegPerCamera, 3),
      camerasWithoutDetectionPerNode:
        ffmpegPerCamera > 0 ? Math.floor((nodeCores * TARGET_UTILISATION) / ffmpegPerCamera) : null,
    }

    const result = {
      machine: {
        cpu: cpus()[0]?.model ?? '?',
        cores: cpus().length,
        memoryGb: round(totalmem() / 1e9),
        loadAvg1mBefore: round(load0, 2),
        loadAvg1mAfter: round(load1, 2),
        node: process.version,
      },
      config: { devices: K, rate: R, cameras: M, minutes: T, clients: CLIENTS, warmupS: WARMUP_S },
      throughput: {
        publishedPerS: round(publishedRate),
        storedPerS: round(storedRate),
        deliveredPerClientPerS: round(viewers.delivered / CLIENTS / (T * 60)),
      },
      readings: {
        published: devices.published,
        stored: counts.stored,
        lost: devices.published - counts.distinct,
        duplicated: counts.stored - counts.distinct,
        deliveredDistinctPerClient: viewers.distinctPerClient(),
        deliveredTwice: viewers.duplicated,
      },
      latencyMs: {
        samples: viewers.histogram.reduce((a, b) => a + b, 0),
        p50: p(50),
        p95: p(95),
        p99: p(99),
        max: p(100),
      },
      cores: { ...cores, machine: machineCores },
      memory: { everyS: SAMPLE_S, samples: memory, trend: memoryTrend },
      camerasPulled: cameras.filter((c) => c.counts.active === 1).length,
      sizing,
    }

    if (json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      return
    }
    const rows: FigureRow[] = [
      [
        'published, msg/s (1 reading each)',
        String(result.throughput.publishedPerS),
        String(R),
        (publishedRate / R).toFixed(2),
      ],
      ['stored, readings/s', String(result.throughput.storedPerS), String(R), (storedRate / R).toFixed(2)],
      ['lost / duplicated readings', `${result.readings.lost} / ${result.readings.duplicated}`, '0 / 0', '-'],
      ['publish -> socket p50, ms', String(p(50)), '-', '-'],
      ['publish -> socket p95, ms', String(p(95)), '-', '-'],
      [
        'publish -> socket p99, ms',
        String(p(99)),
        '< 1000',
        p(99) === null ? '-' : (p(99)! / 1000).toFixed(2),
      ],
      ['publish -> socket max, ms', String(p(100)), '-', '-'],
      ['cameras pulled at the end', `${result.camerasPulled} of ${M}`, String(M), '-'],
      ...Object.entries(memoryTrend).map(([name, t]): FigureRow => [
        `${name} memory, MB (after warm-up)`,
        `${t.firstMb} -> ${t.lastMb} (${t.mbPerMin >= 0 ? '+' : ''}${t.mbPerMin}/min)`,
        'flat',
        t.flat ? 'flat' : 'GROWS',
      ]),
    ]
    console.log(
      `\nbench:load on ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GB, ` +
        `load ${result.machine.loadAvg1mBefore} -> ${result.machine.loadAvg1mAfter} (1 min avg; the machine is shared)`,
    )
    console.log(
      `${K} devices, ${R} msg/s, ${M} cameras, ${CLIENTS} socket clients, 2 ingest + 2 api replicas, ` +
        `${T} min (${WARMUP_S} s warm-up, measured ${round(measuredS)} s)\n`,
    )
    printFigureTable(rows)
    console.log(
      `\nCPU, cores: ${Object.entries(result.cores)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ')}`,
    )
    console.log(
      `readings delivered to each client (distinct; the api coalesces a series within its window): ` +
        `${result.readings.deliveredDistinctPerClient.join(', ')} of ${devices.published}; delivered twice ${viewers.duplicated}`,
    )
    console.log(
      `\nsizing at ${TARGET_UTILISATION * 100}% busy, linear in the above: an ingest replica (one core) ` +
        `~${sizing.readingsPerSPerIngestReplica ?? '-'} readings/s; an api replica (one core) ` +
        `~${sizing.liveReadingsPerSPerApiReplica ?? '-'} live readings/s to ${CLIENTS / 2} clients` +
        (sizing.camerasWithoutDetectionPerNode === null
          ? ''
          : `; a ${nodeCores}-core node ~${sizing.camerasWithoutDetectionPerNode} cameras without detection ` +
            `(ffmpeg ${sizing.ffmpegCoresPerCamera} cores each; with detection see bench:detect)`),
    )
  } finally {
    // all at once: each stop waits for its processes' clean exit (SIGTERM), seconds each
    await Promise.all(stops.map((stop) => stop().catch(() => undefined)))
    await redis.stop()
    await broker.dispose()
    await db.close()
    await cluster.dispose()
  }
}

await main()
