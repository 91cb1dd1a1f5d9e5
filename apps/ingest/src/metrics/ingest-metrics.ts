// The ingest's own series. Read from the figures its parts already keep (the sensor ingest's
// counts, the batch writers' snapshots, the cameras' statuses, the detection stage's stats) at
// each scrape, so the hot path of a message pays nothing for them; only inference times are
// observed as they happen (a histogram).
import { Counter, Gauge, Histogram } from 'prom-client'
import type { CameraStatus } from '@ioc/contracts'
import type { MaintenanceStatus } from '@ioc/db'
import type { LeaseCounts } from '../cameras/camera-leases.js'
import type { StageStats } from '../detection/detection-stage.js'
import type { BatchWriterStats } from '../sensors/batch-writer.js'
import { registry } from './registry.js'

export interface IngestFigures {
  sensors: {
    /** Messages accepted since the start. */
    accepted: () => number
    rejectedByReason: () => Readonly<Record<string, number>>
    readings: () => BatchWriterStats
    deadLetters: () => BatchWriterStats
    devices: () => number
  }
  /** Every running pipeline's status; empty while the cameras have not started. */
  cameras: () => readonly CameraStatus[]
  detection: () => StageStats
  maintenance: () => MaintenanceStatus | null
  /** The camera leases of this replica; null while the cameras have not started. */
  leases: () => (LeaseCounts & { held: number }) | null
  /** The last retention sweep of the recordings; null before the first. */
  recordings: () => { suspended: boolean; freeBytes: number } | null
}

type Figure = [labels: Record<string, string>, value: number]
const figure = (labels: Record<string, string>, value: number): Figure => [labels, value]

/** A counter whose value another object keeps: set at each scrape (Prometheus sees it only grow). */
function keptCounter(name: string, help: string, labelNames: string[], read: () => Figure[]): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const [labels, value] of read()) this.inc(labels, value)
    },
  })
}

function keptGauge(name: string, help: string, labelNames: string[], read: () => Figure[]): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const [labels, value] of read()) this.set(labels, value)
    },
  })
}

const inference = new Histogram({
  name: 'ioc_detection_inference_seconds',
  help: 'Time from a frame sent to its model (worker thread) to the answer, by model',
  labelNames: ['model'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
  registers: [registry],
})

/** Detection's `onInference`: one observation a frame. */
export function observeInference(model: string, seconds: number): void {
  inference.observe({ model }, seconds)
}

const recordedBytes = new Counter({
  name: 'ioc_recording_bytes_total',
  help: 'Bytes of recording segments this replica closed (whole, indexed), by camera',
  labelNames: ['camera'] as const,
  registers: [registry],
})
const recordedSegments = new Counter({
  name: 'ioc_recording_segments_total',
  help: 'Recording segments this replica closed, by camera',
  labelNames: ['camera'] as const,
  registers: [registry],
})

/** Recordings: a segment closed in the index with its size (recordings/segment-run.ts). */
export function countRecordedSegment(camera: string, bytes: number): void {
  recordedBytes.inc({ camera }, bytes)
  recordedSegments.inc({ camera })
}

/** Registers every series of the ingest, read from `figures` at each scrape. */
export function registerIngestMetrics(figures: IngestFigures): void {
  const { sensors } = figures
  keptCounter('ioc_ingest_messages_total', 'Sensor messages accepted', [], () => [
    figure({}, sensors.accepted()),
  ])
  keptCounter('ioc_ingest_dead_letters_total', 'Sensor messages refused, by reason', ['reason'], () =>
    Object.entries(sensors.rejectedByReason()).map(([reason, n]) => figure({ reason }, n)),
  )
  keptCounter(
    'ioc_ingest_readings_total',
    'Readings by outcome: stored, dropped (buffer full), refused (by the database for good)',
    ['outcome'],
    () => {
      const r = sensors.readings()
      return [
        figure({ outcome: 'stored' }, r.written),
        figure({ outcome: 'dropped' }, r.dropped),
        figure({ outcome: 'refused' }, r.rejected),
      ]
    },
  )
  keptGauge(
    'ioc_ingest_buffer_items',
    'Items waiting in a batch writer (readings, dead letters) for the database',
    ['writer'],
    () => [
      figure({ writer: 'readings' }, sensors.readings().buffered),
      figure({ writer: 'dead_letters' }, sensors.deadLetters().buffered),
    ],
  )
  keptCounter('ioc_ingest_write_failures_total', 'Failed batch writes (retried)', ['writer'], () => [
    figure({ writer: 'readings' }, sensors.readings().failures),
    figure({ writer: 'dead_letters' }, sensors.deadLetters().failures),
  ])
  keptGauge('ioc_ingest_devices', 'Devices this replica knows', [], () => [figure({}, sensors.devices())])

  keptGauge(
    'ioc_camera_fps',
    'Frames a second of a camera: in (from the camera), out (to detection)',
    ['camera', 'direction'],
    () =>
      figures
        .cameras()
        .flatMap((s): Figure[] =>
          s.health
            ? [
                figure({ camera: s.cameraId, direction: 'in' }, s.health.fpsIn),
                figure({ camera: s.cameraId, direction: 'out' }, s.health.fpsOut),
              ]
            : [],
        ),
  )
  keptCounter(
    'ioc_camera_restarts_total',
    'Restarts of a camera pipeline (ffmpeg) since it started',
    ['camera'],
    () => figures.cameras().map((s) => figure({ camera: s.cameraId }, s.health?.restarts ?? 0)),
  )
  keptGauge(
    'ioc_camera_state',
    'Cameras of this replica: 1 for the state each is in',
    ['camera', 'state'],
    () => figures.cameras().map((s) => figure({ camera: s.cameraId, state: s.state }, 1)),
  )

  keptGauge('ioc_camera_leases_held', 'Camera leases this replica holds', [], () => {
    const l = figures.leases()
    return l ? [figure({}, l.held)] : []
  })
  keptCounter(
    'ioc_camera_lease_events_total',
    'Camera leases claimed, taken over (an expired lease of another replica) and lost by this replica',
    ['event'],
    () => {
      const l = figures.leases()
      return l
        ? [
            figure({ event: 'claimed' }, l.claimed),
            figure({ event: 'taken_over' }, l.takenOver),
            figure({ event: 'lost' }, l.lost),
          ]
        : []
    },
  )

  keptCounter(
    'ioc_detection_frames_total',
    'Frames of a camera by outcome: detected, dropped (the model behind), failed',
    ['camera', 'outcome'],
    () =>
      figures
        .detection()
        .cameras.flatMap((c): Figure[] => [
          figure({ camera: c.cameraId, outcome: 'detected' }, c.processed),
          figure({ camera: c.cameraId, outcome: 'dropped' }, c.dropped),
          figure({ camera: c.cameraId, outcome: 'failed' }, c.errors),
        ]),
  )

  // a full disk is the operator's to fix: these say it before the recordings alert is raised
  keptGauge(
    'ioc_recording_stopped',
    'Whether recording is stopped for lack of disk (1) or goes on (0), at the last sweep',
    [],
    () => {
      const r = figures.recordings()
      return r ? [figure({}, r.suspended ? 1 : 0)] : []
    },
  )
  keptGauge(
    'ioc_recording_disk_free_bytes',
    "Free bytes of the recordings' disk at the last sweep",
    [],
    () => {
      const r = figures.recordings()
      return r ? [figure({}, r.freeBytes)] : []
    },
  )

  keptCounter(
    'ioc_maintenance_runs_total',
    'Maintenance ticks of this replica: run, or skipped (another replica held the lock)',
    ['outcome'],
    () => {
      const m = figures.maintenance()
      return m ? [figure({ outcome: 'run' }, m.runs), figure({ outcome: 'skipped' }, m.skipped)] : []
    },
  )
}
