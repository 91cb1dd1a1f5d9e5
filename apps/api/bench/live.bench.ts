// npm run bench:live [-- --rate 5000 --clients 200 --seconds 10 --series 100 --db postgres|embedded --json]
//
// Publish-to-socket latency of live readings: MQTT publishes on ioc/v1/live/observations (what
// ingest sends) at R messages a second, K real socket.io clients in domain:readings, each
// observation timed from the publish call to its arrival in a `readings:batch` on every client.
// The api coalesces each series to its latest value per window, so superseded values of a
// series are counted apart, not as losses.
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import mqtt from 'mqtt'
import { io, type Socket } from 'socket.io-client'
import { topicFor, type ClientToServerEvents, type ServerToClientEvents } from '@ioc/contracts'
import { createEmbeddedTestDatabase, createPostgresTestDatabase, freePort } from '@ioc/db/testing'
import { buildApi, cpuSecondsOf, startApi } from './api-process.js'

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    series: { type: 'string', default: '100' },
    db: { type: 'string', default: 'postgres' },
    json: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
})
const rate = Number(args.rate)
const clients = Number(args.clients)
const seconds = Number(args.seconds)
const series = Number(args.series)
const brokerUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
const goalP99Ms = 100
const password = 'ioc-bench-password'
const log = (line: string) => process.stderr.write(`${line}\n`)

function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function main() {
  if (!args['no-build']) {
    log('building the api (nx, cached when up to date)...')
    buildApi()
  }
  const db = args.db === 'embedded' ? await createEmbeddedTestDatabase() : await createPostgresTestDatabase()
  const api = await startApi(
    { DATABASE_URL: db.url, MQTT_URL: brokerUrl, IOC_DEMO: 'true', IOC_DEMO_PASSWORD: password },
    await freePort(),
  )
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []
  const publisher = await mqtt.connectAsync(brokerUrl)
  try {
    const login = await fetch(`${api.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password }),
    })
    const { accessToken } = (await login.json()) as { accessToken: string }

    // Latencies of every (observation, client) arrival, in ms.
    const total = rate * seconds
    const sentAt = new Float64Array(total)
    const latencies = new Float64Array(total * Math.min(clients, 1000))
    let samples = 0
    const received = new Uint32Array(clients)
    const runId = Math.floor(Math.random() * 1e6)
    const prefix = `bench-${runId}-`

    for (let c = 0; c < clients; c++) {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(api.base, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: accessToken },
        reconnection: false,
      })
      sockets.push(socket)
      socket.on('readings:batch', ({ observations }) => {
        const now = performance.now()
        for (const o of observations) {
          if (!o.deviceId.startsWith(prefix)) continue
          received[c]!++
          if (samples < latencies.length) latencies[samples++] = now - sentAt[o.value]!
        }
      })
    }
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((ok, fail) => {
            s.once('connect_error', fail)
            s.once('connect', () =>
              s.emit('subscribe', { rooms: ['domain:readings'] }, (r) =>
                r.ok ? ok() : fail(new Error(r.error.message)),
              ),
            )
          }),
      ),
    )
    log(
      `${clients} clients connected and subscribed; publishing ${rate} msg/s for ${seconds} s over ${series} series`,
    )

    const load0 = loadavg()[0]!
    const apiCpu0 = cpuSecondsOf(api.pid)
    const benchCpu0 = process.cpuUsage()
    const t0 = performance.now()
    let next = 0
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate))
        for (; next < due; next++) {
          const ts = new Date().toISOString()
          sentAt[next] = performance.now()
          publisher.publish(
            topicFor.liveObservations(),
            JSON.stringify([{ deviceId: `${prefix}${next % series}`, metric: 'pm25', ts, value: next }]),
            { qos: 0 },
          )
        }
        if (next >= total) {
          clearInterval(tick)
          done()
        }
      }, 2)
    })
    const publishS = (performance.now() - t0) / 1000
    await new Promise((r) => setTimeout(r, 1000)) // the last windows in flight
    const wallS = (performance.now() - t0) / 1000
    const apiCpu1 = cpuSecondsOf(api.pid)
    const bench = process.cpuUsage(benchCpu0)
    const load1 = loadavg()[0]!

    const sorted = latencies.slice(0, samples).sort()
    const perClient = [...received]
    const delivered = perClient.reduce((a, b) => a + b, 0) / clients
    const figures = {
      rate,
      achievedRate: Math.round(total / publishS),
      clients,
      series,
      seconds,
      database: args.db,
      broker: brokerUrl,
      samples,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      p999Ms: percentile(sorted, 99.9),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
      // Each client sees the latest value of each series per window; older ones are superseded.
      deliveredPerClient: Math.round(delivered),
      supersededShare: 1 - delivered / total,
      slowestClientShareOfMean: Math.min(...perClient) / Math.max(1, delivered),
      goalP99Ms,
      goalMet: (percentile(sorted, 99) ?? Infinity) < goalP99Ms,
      ratio: percentile(sorted, 99) ? goalP99Ms / percentile(sorted, 99)! : null,
      apiCores: apiCpu0 !== null && apiCpu1 !== null ? (apiCpu1 - apiCpu0) / wallS : null,
      benchCores: (bench.user + bench.system) / 1e6 / wallS,
      machineCores: cpus().length,
      loadAvg1mBefore: load0,
      loadAvg1mAfter: load1,
    }
    const f = (v: number | null) => (v === null ? 'n/a' : v < 10 ? v.toFixed(1) : Math.round(v).toString())
    const rows: [string, string][] = [
      ['published', `${figures.achievedRate} msg/s (asked ${rate}) for ${seconds} s, ${series} series`],
      ['socket clients', `${clients} in domain:readings`],
      [
        'latency p50 / p99 / p99.9 / max',
        `${f(figures.p50Ms)} / ${f(figures.p99Ms)} / ${f(figures.p999Ms)} / ${f(figures.maxMs)} ms`,
      ],
      ['goal: p99 < 100 ms', figures.goalMet ? 'met' : 'MISSED'],
      ['ratio = 100 ms / p99', figures.ratio === null ? 'n/a' : figures.ratio.toFixed(2)],
      [
        'delivered per client (latest per window)',
        `${figures.deliveredPerClient} of ${total} (${Math.round(figures.supersededShare * 100)}% superseded)`,
      ],
      ['slowest client / mean', figures.slowestClientShareOfMean.toFixed(3)],
      [
        'CPU cores: api / bench (pub + clients)',
        `${figures.apiCores?.toFixed(2) ?? '?'} / ${figures.benchCores.toFixed(2)} of ${figures.machineCores}`,
      ],
      ['load average 1 min before / after', `${load0.toFixed(2)} / ${load1.toFixed(2)}`],
      ['database / broker', `${args.db} / ${brokerUrl}`],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    process.stdout.write(`\nbench:live\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`)
    if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`)
  } finally {
    for (const s of sockets) s.disconnect()
    await publisher.endAsync()
    await api.stop()
    await db.dispose()
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:live failed: ${err.message}\n`)
  process.exit(1)
})
