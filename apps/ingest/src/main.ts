// The ingest service: MQTT sensor feeds and camera pipelines in, TimescaleDB and live topics out.
import mqtt from 'mqtt'
import { createServiceLogger, exitUnlessStoppedWithin, type LogLine } from '@ioc/config'
import { loadConfigOrExit, maskUrlPassword, recordingsDir } from '@ioc/config'
import { alertClipWindow } from '@ioc/contracts'
import {
  CameraLeasesRepository,
  CamerasRepository,
  DetectionEventsRepository,
  DirectoryRecordingStorage,
  openDatabase,
  RecordingsRepository,
  startMaintenanceTimer,
  type MaintenanceTimer,
} from '@ioc/db'
import { ingestEnvSchema, resolveIngestConfig } from './config.js'
import { Heartbeat, heartbeatWill } from './heartbeat.js'
import { provisionDevices } from './broker/provision-devices.js'
import { SensorIngest } from './sensors/sensor-ingest.js'
import { startCameraService, type CameraService } from './cameras/camera-service.js'
import { advertisedMediaUrl } from './cameras/media-address.js'
import { FfmpegProcesses } from './cameras/ffmpeg-processes.js'
import { Recordings } from './recordings/recordings.js'
import { createDetection, detectionEnvSchema, detectionSummary } from './detection/index.js'
import { observeInference } from './metrics/ingest-metrics.js'
import { startIngestOps } from './ops/ops.js'

const config = resolveIngestConfig(loadConfigOrExit(ingestEnvSchema))
// JSON lines, or readable ones at a terminal (IOC_LOG_PRETTY); cameraId and deviceId as fields
const logger = createServiceLogger({
  name: 'ingest',
  level: config.env.LOG_LEVEL,
  pretty: config.env.IOC_LOG_PRETTY,
  base: { instance: config.instance },
})
const log: LogLine = (line, fields) => logger.info(fields ?? {}, line)

async function main() {
  const policy = {
    retentionDays: config.env.IOC_RETENTION_DAYS,
    compressAfterDays: config.env.IOC_COMPRESS_AFTER_DAYS,
  }
  const db = await openDatabase({ url: config.databaseUrl, policy, applicationName: 'ioc-ingest' })
  log(`database ${maskUrlPassword(config.databaseUrl)} (${db.dialect})`)
  // The composition root: each repository is made once here (or in openDatabase) and handed down.
  const cameraRepo = new CamerasRepository(db.pool)
  const detectionEvents = new DetectionEventsRepository(db.pool)
  const recordings = new Recordings({
    repo: new RecordingsRepository(db.pool),
    storage: new DirectoryRecordingStorage(recordingsDir(config.env)),
    // its own: sealing a segment must not be killed with the cameras' ffmpegs
    ffmpeg: new FfmpegProcesses(),
    // stable across restarts, so that what it left open is its own to reconcile
    writer: config.instance,
    segmentS: config.env.IOC_RECORDINGS_SEGMENT_S,
    budgetBytes: config.env.IOC_RECORDINGS_MAX_MB * 1e6,
    minFreeBytes: config.env.IOC_RECORDINGS_MIN_FREE_MB * 1e6,
    keep: { alertClips: config.env.IOC_RECORDINGS_KEEP_ALERT_CLIPS, ...alertClipWindow },
    sweepMs: config.env.IOC_RECORDINGS_SWEEP_S * 1000,
    log,
  })
  // before any camera records: what the last run left open is sealed or discarded first
  await recordings.start()

  // TimescaleDB servers run their own policy jobs and the embedded PGlite's process runs them by
  // hand; plain PostgreSQL has no jobs, so this service deletes expired rows.
  let maintenance: MaintenanceTimer | null = null
  if (db.dialect === 'postgres') {
    maintenance = startMaintenanceTimer(
      db.pool,
      db.dialect,
      policy,
      config.env.IOC_MAINTENANCE_INTERVAL_S * 1000,
      log,
    )
  }

  // the same file the embedded broker reads: on an external broker (MQTT_URL) the ingest must
  // still know the devices, or their readings become unknown_device dead letters
  if (config.env.IOC_DEVICES_FILE) {
    const count = await provisionDevices(config.env.IOC_DEVICES_FILE, db.devices)
    log(`${count} devices registered from ${config.env.IOC_DEVICES_FILE}`)
  }

  // Nothing is awaited between connect() and the 'connect' handler below: it must not miss the event.
  const client = mqtt.connect(config.mqttUrl, {
    clientId: config.instance,
    // a persistent session: QoS 1 readings published while this process restarts wait in the broker
    clean: false,
    reconnectPeriod: 2000,
    will: heartbeatWill('ingest', config.instance),
  })
  client.on('connect', () => log(`broker ${maskUrlPassword(config.mqttUrl)} connected`))
  client.on('error', (err) => log(`broker ${maskUrlPassword(config.mqttUrl)}: ${err.message}`))

  // Detection runs on the cameras' sampled frames; a missing model only leaves cameras without it.
  const detection = createDetection(loadConfigOrExit(detectionEnvSchema), {
    counts: db.counts,
    events: detectionEvents,
    mqtt: client,
    log,
    onInference: observeInference,
  })

  // Cameras start beside the sensors; if they cannot (a port taken), sensors still run and the
  // heartbeat says why the cameras do not.
  let cameras: CameraService | null = null
  let camerasError = 'starting'
  startCameraService({
    cameras: cameraRepo,
    recordings,
    leases: {
      repo: new CameraLeasesRepository(db.pool),
      holder: config.replica,
      ttlMs: config.env.IOC_CAMERA_LEASE_TTL_S * 1000,
      mediaHttpUrl: advertisedMediaUrl(config.env),
    },
    mqtt: client,
    mediaHost: config.env.IOC_MEDIA_HOST,
    rtmpPort: config.env.IOC_MEDIA_RTMP_PORT,
    httpPort: config.env.IOC_MEDIA_HTTP_PORT,
    playSecret: config.mediaPlaySecret,
    dataDir: config.env.IOC_DATA_DIR,
    camerasFile: config.env.IOC_CAMERAS_FILE,
    stallS: config.env.IOC_CAMERA_STALL_S,
    frames: detection.stage,
    detection: detection.stage,
    log,
  }).then(
    (service) => (cameras = service),
    (err: Error) => {
      camerasError = `cannot start: ${err.message}`
      log(`cameras: ${camerasError}`)
    },
  )

  const sensors = new SensorIngest(client, db, {
    ...(config.env.IOC_INGEST_SHARE_GROUP ? { shareGroup: config.env.IOC_INGEST_SHARE_GROUP } : {}),
    autoRegister: config.env.IOC_AUTO_REGISTER_DEVICES,
    offlineAfterMs: config.env.IOC_DEVICE_OFFLINE_AFTER_S * 1000,
    log,
  })
  const heartbeat = new Heartbeat(client, 'ingest', config.instance, () => {
    const writer = sensors.readings.snapshot()
    const rejected = Object.values(sensors.rejectedByReason).reduce((a, b) => a + b, 0)
    return {
      database: { ok: !writer.lastError, detail: writer.lastError ?? db.dialect },
      // plain PostgreSQL only: elsewhere the database runs its own maintenance
      ...(maintenance ? { maintenance: maintenance.summary() } : {}),
      cameras: cameras?.summary() ?? { ok: false, detail: camerasError },
      detection: detectionSummary(detection),
      recordings: recordings.summary(),
      sensors: {
        ok: !writer.lastError && writer.dropped === 0,
        detail: `${sensors.accepted} messages from ${sensors.devices.size} devices, ${writer.written} readings stored, ${writer.buffered} buffered, ${writer.dropped} dropped, ${rejected} dead letters`,
      },
    }
  })
  client.once('connect', () => {
    heartbeat.start()
    sensors.start().catch((err: Error) => log(`cannot subscribe to sensor readings: ${err.message}`))
  })

  const ops = await startIngestOps({
    env: config.env,
    db,
    client,
    sensors,
    cameras: () => cameras,
    detection,
    maintenance,
    recordings,
    log,
  })

  // A clean stop within IOC_SHUTDOWN_TIMEOUT_S: readiness fails at once, what was received is
  // stored (the writers drain), sessions close; past the bound the process exits anyway.
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    const boundS = config.env.IOC_SHUTDOWN_TIMEOUT_S
    log(`${signal}: stopping (at most ${boundS} s)`)
    ops.stopping()
    exitUnlessStoppedWithin(boundS * 1000, (line) =>
      log(`${line}; ${sensors.readings.snapshot().buffered} readings unwritten`),
    )
    await sensors.stop()
    await cameras?.stop()
    await recordings.stop()
    await detection.stop()
    await heartbeat.stop().catch(() => {})
    await client.endAsync()
    await maintenance?.stop()
    await db.close()
    await ops.close()
    const written = sensors.readings.snapshot()
    log(`stopped: ${written.written} readings stored since the start, ${written.buffered} unwritten`)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: Error) => {
  process.stderr.write(`[ingest] cannot start: ${err.message}\n`)
  process.exit(1)
})
