// Operations of the ingest, started by main.ts: metrics, liveness and readiness on the ingest's
// HTTP server (IOC_INGEST_HTTP_HOST:IOC_INGEST_HTTP_PORT).
import type { MqttClient } from 'mqtt'
import { EventLoopWatch, type LogLine } from '@ioc/config'
import { probeAnswer, timedProbeCheck } from '@ioc/contracts'
import { loadMigrations, pendingMigrations, type Database, type MaintenanceTimer } from '@ioc/db'
import type { CameraService } from '../cameras/camera-service.js'
import type { IngestEnv } from '../config.js'
import type { Detection } from '../detection/index.js'
import type { Recordings } from '../recordings/recordings.js'
import { registerIngestMetrics } from '../metrics/ingest-metrics.js'
import { collectIngestDefaultMetrics, registry } from '../metrics/registry.js'
import type { SensorIngest } from '../sensors/sensor-ingest.js'
import { startOpsServer, type OpsServer } from './ops-server.js'

export interface IngestOpsDeps {
  env: Pick<
    IngestEnv,
    'IOC_INGEST_HTTP_HOST' | 'IOC_INGEST_HTTP_PORT' | 'IOC_METRICS_TOKEN' | 'IOC_LIVENESS_MAX_DELAY_S'
  >
  db: Database
  client: MqttClient
  sensors: SensorIngest
  cameras: () => CameraService | null
  detection: Detection
  maintenance: MaintenanceTimer | null
  recordings: Recordings
  log: LogLine
}

export interface IngestOps {
  /** From the stop signal on, readiness fails. */
  stopping(): void
  close(): Promise<void>
}

/**
 * Starts the metrics and the HTTP server. A port that cannot be had is logged, not fatal: the
 * sensors and cameras go on (two ingests on one host need IOC_INGEST_HTTP_PORT apart), and an
 * orchestrator whose probes get no answer restarts the replica anyway.
 */
export async function startIngestOps(deps: IngestOpsDeps): Promise<IngestOps> {
  const { db, client, sensors } = deps
  collectIngestDefaultMetrics()
  registerIngestMetrics({
    sensors: {
      accepted: () => sensors.accepted,
      rejectedByReason: () => sensors.rejectedByReason,
      readings: () => sensors.readings.snapshot(),
      deadLetters: () => sensors.deadLetters.snapshot(),
      devices: () => sensors.devices.size,
    },
    cameras: () => deps.cameras()?.manager.statuses() ?? [],
    detection: () => deps.detection.stage.stats(),
    maintenance: () => deps.maintenance?.status() ?? null,
    leases: () => {
      const leases = deps.cameras()?.leases
      return leases ? { ...leases.counts, held: leases.held().length } : null
    },
    recordings: () => deps.recordings.retention.last,
  })
  const loop = new EventLoopWatch(deps.env.IOC_LIVENESS_MAX_DELAY_S * 1000)
  const migrations = loadMigrations(db.dialect)
  let stopping = false
  let server: OpsServer | null = null
  const host = deps.env.IOC_INGEST_HTTP_HOST
  try {
    server = await startOpsServer({
      host,
      port: deps.env.IOC_INGEST_HTTP_PORT,
      registry,
      metricsToken: deps.env.IOC_METRICS_TOKEN,
      live: () => probeAnswer({ eventLoop: loop.check() }),
      ready: async () =>
        probeAnswer({
          database: await timedProbeCheck(async () => {
            await db.pool.query('select 1')
            return db.dialect
          }),
          migrations: await timedProbeCheck(async () => {
            const pending = await pendingMigrations(db.pool, await migrations)
            if (pending.length) throw new Error(`not applied: ${pending.join(', ')}`)
            return 'all applied'
          }),
          broker: client.connected ? { ok: true } : { ok: false, detail: 'not connected' },
          accepting: stopping ? { ok: false, detail: 'stopping (SIGTERM)' } : { ok: true },
        }),
    })
    deps.log(`metrics and probes on http://${host}:${server.port} (/metrics, /health/live, /health/ready)`)
  } catch (err) {
    deps.log(
      `no metrics or probes: cannot listen on ${host}:${deps.env.IOC_INGEST_HTTP_PORT} (${(err as Error).message}); set IOC_INGEST_HTTP_PORT`,
    )
  }
  return {
    stopping: () => {
      stopping = true
    },
    async close() {
      loop.stop()
      await server?.close()
    },
  }
}
