// `npm run bench:ingest [-- --readings 200000 --publishers 4 --json ...]`: throughput and latency
// of the sensor ingest pipeline (MQTT -> validation -> BatchWriter -> sensor_readings), against
// the embedded PGlite-TimescaleDB with the embedded aedes broker, and against the PostgreSQL server
// (TEST_POSTGRES_URL) with a Mosquitto of the bench's own; and, on the same emptied table before and
// after the pipeline, the raw limit: the same rows in the same batches through a bare `pg` COPY.
// "Readings" are rows of sensor_readings: one (device, metric, ts, value) each.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { defaultPolicy, openDatabase, type Database } from '@ioc/db'
import { createPostgresTestDatabase, freePort, testPostgresUrl } from '@ioc/db/testing'
import { MosquittoProcess } from '../test/support/mosquitto-process.js'
import { BenchChild, killAllChildren } from './child.js'
import { cores, processCpuSeconds } from './cpu.js'
import { copyLimit, insertLimit, type LimitResult } from './limits.js'
import { runPipeline, type PipelineResult } from './pipeline.js'
import { busyMachineNotes, goals, table } from './report.js'
import { round } from './stats.js'
import { rowsOf, rowsPerMessage, type Workload } from './workload.js'

const usage = `npm run bench:ingest -- [--readings N] [--publishers N] [--devices N]
  [--readings-per-message N] [--window N] [--only embedded|postgres] [--profile FILE] [--json]`

const { values: args } = parseArgs({
  options: {
    readings: { type: 'string', default: '200000' },
    publishers: { type: 'string', default: '4' },
    devices: { type: 'string', default: '100' },
    'readings-per-message': { type: 'string', default: '50' },
    // messages published and not yet stored: infra/mosquitto's max_inflight_messages, the most a
    // broker lets the ingest hold unacknowledged while PUBACKs wait for the store
    window: { type: 'string', default: '1000' },
    only: { type: 'string', default: 'embedded,postgres' },
    // a V8 CPU profile of the ingest during the saturated phase only (FILE.<target>.cpuprofile)
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
function positive(name: keyof typeof args, max: number): number {
  const n = Number(args[name])
  if (!Number.isInteger(n) || n < 1 || n > max) {
    process.stderr.write(
      `--${name}: expected a whole number from 1 to ${max}, got "${args[name]}"\n${usage}\n`,
    )
    process.exit(2)
  }
  return n
}
const metrics = ['pm25', 'pm10'] // 2 metrics a reading
const readingsPerMessage = positive('readings-per-message', 1000) // SENSOR_MAX_READINGS
const workload: Workload = {
  runId: `bench-${randomBytes(4).toString('hex')}`,
  devices: positive('devices', 10_000),
  publishers: positive('publishers', 64),
  readingsPerMessage,
  metrics,
  // an hour ago, whole seconds: well inside the ingest's ±7 days, and in the past like real data
  baseMs: Math.floor(Date.now() / 1000) * 1000 - 3_600_000,
}
const perMessage = rowsPerMessage(workload)
const messages = Math.ceil(positive('readings', 10_000_000) / perMessage)
const totalRows = messages * perMessage
const window = positive('window', 100_000)
const targets = args.only.split(',').map((t) => t.trim())
for (const t of targets)
  if (t !== 'embedded' && t !== 'postgres') {
    process.stderr.write(`--only: "${t}" is neither embedded nor postgres\n`)
    process.exit(2)
  }
// the production writer (SensorIngest's defaults) with its buffer bound raised to the run's size,
// so that a run larger than 200k measures throughput, not the drop-oldest policy
const batch = { maxBatch: 5000, flushMs: 100, maxBuffered: Math.max(200_000, totalRows) }
// every wait is bounded: a phase assumes at least 2,000 readings/s
const phaseTimeoutMs = 60_000 + totalRows / 2
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

export interface TargetFigures {
  target: 'embedded' | 'postgres'
  database: string
  broker: string
  readingsPerS: number
  /** MQTT messages/s of the saturated phase (readingsPerS / rows a message). */
  messagesPerS: number
  readingsPerMessage: number
  seconds: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  paced: { readingsPerS: number; targetReadingsPerS: number; p50Ms: number; p99Ms: number }
  copyReadingsPerS: number | null
  copyNote?: string
  insertReadingsPerS: number
  limit: 'COPY' | 'insertBatch'
  /** The limit's two runs, before and after the pipeline (the faster one is the limit). */
  limitRuns: [number, number]
  ratio: number
  goals: { ratio: boolean; readingsPerS: boolean | null; messagesPerS: boolean | null }
  stored: number
  dropped: number
  deadLetters: number
  stages: PipelineResult['stages']
  cores: number
}

const embeddedCopyNote =
  'COPY FROM STDIN does not work through pglite-socket 0.0.22: the connection drops and the ' +
  'embedded server then refuses every connection, so the limit here is the repository insertBatch (unnest ... on conflict) without MQTT'

async function runTarget(target: 'embedded' | 'postgres'): Promise<TargetFigures> {
  const cleanups: (() => Promise<unknown>)[] = []
  try {
    let url: string
    let brokerUrl: string
    let database: string
    let broker: string
    const cpuProbes: Record<string, () => Promise<number | null>> = {
      ingest: async () => {
        const { user, system } = process.cpuUsage()
        return (user + system) / 1e6
      },
    }
    if (target === 'embedded') {
      log('embedded: starting PGlite-TimescaleDB and aedes, each in a process of its own')
      const dbChild = BenchChild.start('embedded-db')
      cleanups.push(() => dbChild.stop())
      const brokerChild = BenchChild.start('aedes')
      cleanups.push(() => brokerChild.stop())
      url = (await dbChild.next<{ type: string; url: string }>('ready', 120_000)).url
      brokerUrl = (await brokerChild.next<{ type: string; url: string }>('ready', 30_000)).url
      database = 'PGlite-TimescaleDB (pglite-socket)'
      broker = `aedes ${brokerUrl.replace('mqtt://', '')}`
      cpuProbes.broker = () => brokerChild.cpuSeconds()
      cpuProbes.database = () => dbChild.cpuSeconds()
    } else {
      // A Mosquitto of its own, as the fault suite has: the tests' one carries other work's sensors
      // to this ingest, and its default queue (1000 messages, whose count Mosquitto 2.0.11 keeps
      // loosely) dropped messages the ingest had not yet acknowledged, which stalled the run.
      const mosquitto = new MosquittoProcess(await freePort())
      await mosquitto.start()
      cleanups.push(() => mosquitto.dispose())
      log(`postgres: a fresh database on ${new URL(testPostgresUrl).host}, Mosquitto at ${mosquitto.url}`)
      const env = await createPostgresTestDatabase()
      cleanups.push(() => env.dispose())
      url = env.url
      brokerUrl = mosquitto.url
      database = `PostgreSQL ${new URL(testPostgresUrl).host}`
      broker = `Mosquitto ${new URL(mosquitto.url).host}`
      cpuProbes.broker = async () => (mosquitto.pid ? processCpuSeconds(mosquitto.pid) : null)
      cpuProbes.database = async () => processCpuSeconds('postgres')
    }
    const db: Database = await openDatabase({ url, policy: defaultPolicy, applicationName: 'ioc-bench' })
    cleanups.push(() => db.close())
    database += ` [${db.dialect}]`

    const rows = rowsOf(workload, 0, messages)
    // The limit is measured before and after the pipeline and the faster run kept: this machine is
    // shared, and load that comes and goes must not flatter the ratio by slowing the limit alone.
    const measureLimits = async (when: string) => {
      let copy: LimitResult | null = null
      if (target === 'postgres') {
        log(`${target}: bare COPY of the same rows (${when})`)
        copy = await copyLimit(db, url, rows, batch.maxBatch, phaseTimeoutMs)
        if (copy.stored !== rows.length) throw new Error(`COPY stored ${copy.stored} of ${rows.length}`)
      }
      log(`${target}: the repository's insertBatch of the same rows, without MQTT (${when})`)
      const insert = await insertLimit(db, rows, batch.maxBatch)
      if (insert.stored !== rows.length) throw new Error(`insert stored ${insert.stored} of ${rows.length}`)
      // the pipeline starts from an empty table, as each limit does
      await db.pool.query('truncate sensor_readings')
      return { copy, insert }
    }
    const before = await measureLimits('before the pipeline')

    log(`${target}: pipeline, ${totalRows.toLocaleString('en-US')} readings in ${messages} messages`)
    const run = await runPipeline(db, brokerUrl, workload, {
      messages,
      window,
      pacedShare: 0.5,
      pacedSeconds: 3,
      batch,
      phaseTimeoutMs,
      cpuProbes,
      ...(args.profile ? { profileFile: `${args.profile}.${target}.cpuprofile` } : {}),
      log: (line) => log(`${target} ingest: ${line}`),
    })
    const expected = totalRows + run.paced.rows
    if (run.stored !== expected)
      throw new Error(`pipeline stored ${run.stored} readings, expected ${expected}`)

    const after = await measureLimits('after the pipeline')
    const faster = (a: LimitResult, b: LimitResult) => (a.readingsPerS >= b.readingsPerS ? a : b)
    const copy = before.copy && after.copy ? faster(before.copy, after.copy) : null
    const insert = faster(before.insert, after.insert)
    const limitRuns = [before, after].map((l) => (l.copy ?? l.insert).readingsPerS) as [number, number]
    const limit = copy ?? insert
    const ratio = run.saturated.readingsPerS / limit.readingsPerS
    return {
      target,
      database,
      broker,
      readingsPerS: run.saturated.readingsPerS,
      messagesPerS: run.saturated.messages / run.saturated.seconds,
      readingsPerMessage,
      seconds: run.saturated.seconds,
      p50Ms: run.saturated.p50Ms,
      p99Ms: run.saturated.p99Ms,
      maxMs: run.saturated.maxMs,
      paced: {
        readingsPerS: run.paced.readingsPerS,
        targetReadingsPerS: run.paced.targetReadingsPerS,
        p50Ms: run.paced.p50Ms,
        p99Ms: run.paced.p99Ms,
      },
      copyReadingsPerS: copy?.readingsPerS ?? null,
      ...(copy ? {} : { copyNote: embeddedCopyNote }),
      insertReadingsPerS: insert.readingsPerS,
      limit: copy ? 'COPY' : 'insertBatch',
      limitRuns,
      ratio,
      goals: {
        ratio: ratio >= goals.ratio,
        readingsPerS: target === 'postgres' ? run.saturated.readingsPerS >= goals.postgresReadingsPerS : null,
        messagesPerS:
          target === 'postgres' && readingsPerMessage === 1
            ? run.saturated.messages / run.saturated.seconds >= goals.oneReadingMessagesPerS
            : null,
      },
      stored: run.stored,
      dropped: run.dropped,
      deadLetters: Object.values(run.deadLetters).reduce((a, b) => a + b, 0),
      stages: run.stages,
      cores: cores(),
    }
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((err: Error) => log(`cleanup: ${err.message}`))
  }
}

function json(results: Record<string, TargetFigures | { error: string }>): string {
  const out: Record<string, unknown> = {
    readings: totalRows,
    messages,
    readingsPerMessage: perMessage,
    publishers: workload.publishers,
    devices: workload.devices,
    goals,
  }
  for (const [name, r] of Object.entries(results)) {
    if ('error' in r) {
      out[name] = r
      continue
    }
    out[name] = {
      database: r.database,
      broker: r.broker,
      readingsPerS: round(r.readingsPerS),
      messagesPerS: round(r.messagesPerS),
      messagesRatioToGoal: round(r.messagesPerS / goals.oneReadingMessagesPerS, 3),
      cpuUsPerMessage: Object.fromEntries(
        Object.entries(r.stages.cpuUsByProcess).map(([k, v]) => [k, v === null ? null : round(v, 1)]),
      ),
      p50Ms: round(r.p50Ms, 1),
      p99Ms: round(r.p99Ms, 1),
      maxMs: round(r.maxMs, 1),
      pacedReadingsPerS: round(r.paced.readingsPerS),
      pacedP50Ms: round(r.paced.p50Ms, 1),
      pacedP99Ms: round(r.paced.p99Ms, 1),
      copyReadingsPerS: r.copyReadingsPerS === null ? null : round(r.copyReadingsPerS),
      insertReadingsPerS: round(r.insertReadingsPerS),
      limit: r.limit,
      limitRunsReadingsPerS: r.limitRuns.map((v) => round(v)),
      ratio: round(r.ratio, 3),
      goalsMet: r.goals,
      writerBusyShare: round(r.stages.writerBusyShare, 3),
      insertMsPerBatch: round(r.stages.insertMsPerBatch, 1),
      markSeenMsPerBatch: round(r.stages.markSeenMsPerBatch, 1),
      handleUsPerMessage: round(r.stages.handleUsPerMessage),
      ingestEventLoopUtilization: round(r.stages.ingestEventLoopUtilization, 3),
      cores: Object.fromEntries(
        Object.entries(r.stages.coresByProcess).map(([k, v]) => [k, v === null ? null : round(v, 2)]),
      ),
    }
  }
  return JSON.stringify(out)
}

async function main(): Promise<number> {
  const watchdog = setTimeout(
    () => {
      log('gave up: the run took longer than its bound; stopping the helper processes')
      killAllChildren()
      setTimeout(() => process.exit(2), 3000).unref()
    },
    targets.length * (3 * phaseTimeoutMs + 180_000),
  )
  watchdog.unref()
  const results: Record<string, TargetFigures | { error: string }> = {}
  for (const target of targets as ('embedded' | 'postgres')[]) {
    try {
      results[target] = await runTarget(target)
    } catch (err) {
      log(`${target}: ${(err as Error).message}`)
      results[target] = { error: (err as Error).message }
    }
  }
  clearTimeout(watchdog)
  const header =
    `ingest bench: ${totalRows.toLocaleString('en-US')} readings = ${messages} messages of ` +
    `${readingsPerMessage} readings x ${metrics.length} metrics, ${workload.devices} devices, ` +
    `${workload.publishers} publishers, QoS 1; batches of ${batch.maxBatch}`
  process.stdout.write(`\n${header}\n\n${table(results)}\n`)
  const notes = Object.values(results).flatMap((r) => ('copyNote' in r && r.copyNote ? [r.copyNote] : []))
  if (notes.length) process.stdout.write(`\nnote: ${notes[0]}\n`)
  for (const warning of busyMachineNotes(results)) process.stdout.write(`warning: ${warning}\n`)
  if (args.json) process.stdout.write(`${json(results)}\n`)
  return Object.values(results).some((r) => 'error' in r) ? 1 : 0
}

main().then((code) => {
  process.exitCode = code
  // everything was stopped; should a handle linger anyway, do not hang
  setTimeout(() => {
    log('a handle is still open after cleanup; exiting anyway')
    process.exit(code)
  }, 5000).unref()
})
