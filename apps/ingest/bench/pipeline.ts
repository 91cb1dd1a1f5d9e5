// One run of the real sensor pipeline (SensorIngest: MQTT in, validation, BatchWriter, COPY or unnest
// insert) against one database and broker, instrumented without changing it.
//
// Latency, publish -> committed, of every message (not a sample): the publisher process records
// when it hands each message to its MQTT client; the ingest's Database is wrapped so that when
// `readings.insertBatch` resolves (the statement ran in autocommit, so the rows are committed and
// visible) each stored row is mapped back to its message by its timestamp (workload.ts: ts
// encodes the message index). A message counts as committed when its last row is. Clocks are
// performance.timeOrigin + performance.now() in both processes.
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import mqtt from 'mqtt'
import type { Database, DevicesRepository, ReadingsRepository } from '@ioc/db'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'
import { bounded } from './bounded.js'
import { BenchChild } from './child.js'
import { machineBusySeconds } from './cpu.js'
import { percentile } from './stats.js'
import { deviceOf, messageOfTs, nowMs, rowsPerMessage, type Workload } from './workload.js'

export interface PipelineOptions {
  messages: number
  window: number
  /** Latency phase: this share of the measured throughput, for about this long. */
  pacedShare: number
  pacedSeconds: number
  batch: { maxBatch: number; flushMs: number; maxBuffered: number }
  phaseTimeoutMs: number
  /** CPU seconds so far of each process of interest, by name (null: cannot tell). */
  cpuProbes: Record<string, () => Promise<number | null>>
  /** Where to write a V8 CPU profile of this process (the ingest) over the saturated phase. */
  profileFile?: string
  log: (line: string) => void
}

export interface PhaseResult {
  messages: number
  rows: number
  seconds: number
  readingsPerS: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

export interface PipelineResult {
  saturated: PhaseResult
  paced: PhaseResult & { targetReadingsPerS: number }
  stored: number
  dropped: number
  writeFailures: number
  deadLetters: Record<string, number>
  /** During the saturated phase. */
  stages: {
    writerBusyShare: number
    insertBatches: number
    insertMsPerBatch: number
    markSeenMsPerBatch: number
    handleUsPerMessage: number
    ingestEventLoopUtilization: number
    /** Most messages received and not yet acknowledged at once (the broker's in-flight window). */
    maxUnacked: number
    coresByProcess: Record<string, number | null>
    /** CPU microseconds per message of each process (load on the machine changes it less than the rate). */
    cpuUsByProcess: Record<string, number | null>
  }
}

async function waitUntil(
  what: string,
  done: () => boolean,
  timeoutMs: number,
  state: () => string,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > until)
      throw new Error(`${what}: not done within ${Math.round(timeoutMs / 1000)} s (${state()})`)
    await new Promise((ok) => setTimeout(ok, 5))
  }
}

async function sampleCpu(probes: PipelineOptions['cpuProbes']) {
  const out: Record<string, number | null> = {}
  for (const [name, read] of Object.entries(probes)) out[name] = await read().catch(() => null)
  out.machine = machineBusySeconds()
  return { at: performance.now(), cpu: out }
}

export async function runPipeline(
  db: Database,
  brokerUrl: string,
  w: Workload,
  o: PipelineOptions,
): Promise<PipelineResult> {
  const perMessage = rowsPerMessage(w)
  const prefix = `${w.runId}-`
  // real devices are registered, so markSeen updates rows as it does in production
  for (let d = 0; d < w.devices; d++) {
    const id = deviceOf(w, d)
    await db.devices.upsert(
      { id, kind: 'air_quality', name: id, lat: null, lon: null, district: null, metrics: [...w.metrics] },
      null,
    )
  }

  const committedAt = new Float64Array(o.messages * 2 + 1)
  let committedRows = 0
  /** Set once the publishers run: gives them credit for what was just committed. */
  let onCommitted = () => {}
  const stage = { insertMs: 0, inserts: 0, markSeenMs: 0, handleMs: 0 }
  const readings = Object.create(db.readings) as ReadingsRepository
  readings.insertBatch = async (rows) => {
    const t0 = performance.now()
    const n = await db.readings.insertBatch(rows)
    const at = nowMs()
    stage.insertMs += performance.now() - t0
    stage.inserts++
    // this runs on the ingest's event loop: the metrics of one reading share their Date and device
    // id (SensorIngest builds them so), so each reading is looked at once, not each row
    let lastTs: Date | null = null
    let ours = false
    for (const r of rows) {
      if (r.ts !== lastTs) {
        lastTs = r.ts
        ours = r.deviceId.startsWith(prefix) // not someone else's sensor on the shared Mosquitto
        if (ours) committedAt[messageOfTs(w, r.ts.getTime())] = at
      }
      if (ours) committedRows++
    }
    onCommitted()
    return n
  }
  const devices = Object.create(db.devices) as DevicesRepository
  devices.markSeen = async (seen) => {
    const t0 = performance.now()
    // returned: the registry announces these transitions (without it, every tick failed)
    const changed = await db.devices.markSeen(seen)
    stage.markSeenMs += performance.now() - t0
    return changed
  }

  // a persistent session, as apps/ingest/src/main.ts has it (erased again at the end)
  const session = { clientId: `${w.runId}-ingest`, connectTimeout: 10_000, reconnectPeriod: 0 }
  const client = await mqtt.connectAsync(brokerUrl, { ...session, clean: false })
  client.on('error', (err) => o.log(`ingest client: ${err.message}`))
  const ingest = new SensorIngest(client, { ...db, readings, devices }, { batch: o.batch, log: o.log })
  const handle = ingest.handle.bind(ingest)
  // the packet goes through: without it no PUBACK waits for the store (delayed-acks.ts) and the
  // broker's in-flight window, which bounds the rate in production, never closes
  ingest.handle = (topic, payload, now, packet) => {
    const t0 = performance.now()
    handle(topic, payload, now, packet)
    stage.handleMs += performance.now() - t0
  }

  const publishers = BenchChild.start('publishers')
  try {
    await ingest.start()
    await publishers.next('ready', 30_000)
    publishers.send({ type: 'init', url: brokerUrl, workload: w, window: o.window })
    await publishers.next('connected', 30_000)

    // Credit for the publishers' window: messages of this run committed. Not merely received: the
    // ingest acknowledges a message once it is stored, and until then the broker holds it in the
    // ingest's queue (Mosquitto drops beyond max_queued_messages, 1000 by default), so a window
    // counted on arrival let that queue grow past its bound and lose messages.
    // Sent by the tenth of the window, not after every batch: each IPC write cost the ingest's
    // process (which this bench measures) ~2 µs a message at small batches.
    const creditStep = Math.max(1, Math.floor(o.window / 10))
    let credited = 0
    onCommitted = () => {
      const stored = Math.floor(committedRows / perMessage)
      if (stored - credited < creditStep) return
      credited = stored
      publishers.send({ type: 'credit', stored })
    }
    let maxUnacked = 0
    client.on('message', () => {
      if (ingest.acks.pending > maxUnacked) maxUnacked = ingest.acks.pending
    })

    const runPhase = async (phase: string, from: number, to: number, ratePerS: number | null) => {
      publishers.send({ type: 'run', phase, from, to, ratePerS, timeoutMs: o.phaseTimeoutMs })
      const sent = await publishers.next<{ type: string; times: number[]; failed: number }>(
        'published',
        o.phaseTimeoutMs + 5000,
      )
      if (sent.failed > 0) throw new Error(`${phase}: ${sent.failed} publishes failed`)
      const rows = (to - from) * perMessage
      await waitUntil(
        `${phase}: rows committed`,
        () => committedRows >= to * perMessage,
        o.phaseTimeoutMs,
        () => {
          const w = ingest.readings.snapshot()
          return (
            `${committedRows} rows committed of ${to * perMessage}, ` +
            `${ingest.acks.pending} unacknowledged, ${ingest.acks.acked} acknowledged, ` +
            `${w.buffered} rows buffered, last write error: ${w.lastError ?? 'none'}`
          )
        },
      )
      const latencies: number[] = []
      let start = Infinity
      let end = 0
      for (let m = from; m < to; m++) {
        latencies.push(committedAt[m]! - sent.times[m - from]!)
        start = Math.min(start, sent.times[m - from]!)
        end = Math.max(end, committedAt[m]!)
      }
      // first publish to last row committed
      const seconds = (end - start) / 1000
      return {
        messages: to - from,
        rows,
        seconds,
        readingsPerS: rows / seconds,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: percentile(latencies, 100),
      }
    }

    const probes = { ...o.cpuProbes, publishers: () => publishers.cpuSeconds() }
    const profiler = o.profileFile ? new Session() : null
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    const elu0 = performance.eventLoopUtilization()
    const cpu0 = await sampleCpu(probes)
    const t0 = performance.now()
    const saturated = await runPhase('saturated', 0, o.messages, null)
    const busyMs = performance.now() - t0
    const cpu1 = await sampleCpu(probes)
    const elu = performance.eventLoopUtilization(elu0)
    if (profiler && o.profileFile) {
      const { profile } = await profiler.post('Profiler.stop')
      profiler.disconnect()
      await writeFile(o.profileFile, JSON.stringify(profile))
      o.log(`CPU profile of the saturated phase: ${o.profileFile}`)
    }
    const wall = (cpu1.at - cpu0.at) / 1000
    const coresByProcess: Record<string, number | null> = {}
    const cpuUsByProcess: Record<string, number | null> = {}
    for (const name of Object.keys(cpu1.cpu)) {
      const a = cpu0.cpu[name]
      const b = cpu1.cpu[name]
      coresByProcess[name] = a == null || b == null ? null : (b - a) / wall
      cpuUsByProcess[name] = a == null || b == null ? null : ((b - a) * 1e6) / o.messages
    }
    const stages = {
      writerBusyShare: (stage.insertMs + stage.markSeenMs) / busyMs,
      insertBatches: stage.inserts,
      insertMsPerBatch: stage.insertMs / stage.inserts,
      markSeenMsPerBatch: stage.markSeenMs / stage.inserts,
      handleUsPerMessage: (stage.handleMs * 1000) / o.messages,
      ingestEventLoopUtilization: elu.utilization,
      maxUnacked,
      coresByProcess,
      cpuUsByProcess,
    }

    const rate = (saturated.readingsPerS * o.pacedShare) / perMessage
    const pacedCount = Math.max(10, Math.min(o.messages, Math.round(rate * o.pacedSeconds)))
    const paced = await runPhase('paced', o.messages, o.messages + pacedCount, rate)

    const stored = Number(
      (
        await db.pool.query<{ n: string }>(
          `select count(*) as n from sensor_readings where device_id like $1`,
          [`${prefix}%`],
        )
      ).rows[0]?.n ?? 0,
    )
    const writer = ingest.readings.snapshot()
    return {
      saturated,
      paced: { ...paced, targetReadingsPerS: rate * perMessage },
      stored,
      dropped: writer.dropped,
      writeFailures: writer.failures,
      deadLetters: { ...ingest.rejectedByReason },
      stages,
    }
  } finally {
    await bounded(ingest.stop(), 15_000)
    await bounded(client.endAsync(), 5000)
    client.end(true)
    // a clean connect discards the session, so the shared Mosquitto keeps nothing of this run
    const eraser = await bounded(mqtt.connectAsync(brokerUrl, { ...session, clean: true }), 5000).catch(
      () => null,
    )
    if (eraser) await bounded(eraser.endAsync(), 5000)
    eraser?.end(true)
    await publishers.stop()
  }
}
