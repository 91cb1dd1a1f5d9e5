// All camera pipelines of this ingest: follows the registry (polled, so changes apply without a
// restart), publishes status (retained) and the latest JPEG (retained) on MQTT for the api, and
// writes health rows. A pipeline's failure stays inside that pipeline.
import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import type { LogLine } from '@ioc/config'
import {
  publishTo,
  streams,
  type CameraRecording,
  type CameraStatus,
  type MqttPublisher,
} from '@ioc/contracts'
import type { CameraHealthRow, CameraPipelineRecord, CamerasRepository } from '@ioc/db'
import type { DetectionControl } from '../detection/detection-stage.js'
import type { FrameSink } from '../video/frame.js'
import { CameraPipeline, type PipelineOptions, type RecordingRun } from './camera-pipeline.js'
import type { CameraLeases } from './camera-leases.js'
import { FfmpegProcesses } from './ffmpeg-processes.js'

export interface CameraManagerOptions {
  cameras: CamerasRepository
  mqtt: MqttPublisher
  publishUrl: (cameraId: string) => string
  snapshotDir: string
  frames?: FrameSink
  /** Told each camera's zones, lines and model, so analytics follow registry edits. */
  detection?: DetectionControl
  /** The cameras this replica holds a lease on (camera-leases.ts); all of them without it. */
  leases?: Pick<CameraLeases, 'holds'>
  /** Recording (apps/ingest/src/recordings): whether a camera records now, and each launch's segments. */
  recordings?: {
    records(recording: CameraRecording): boolean
    begin(cameraId: string, recording: CameraRecording): RecordingRun | null
  }
  /** Each pipeline's lines carry its cameraId field. */
  log: LogLine
  pollMs?: number
  healthMs?: number
  snapshotMs?: number
  pipeline?: Partial<Pick<PipelineOptions, 'stallMs' | 'connectTimeoutMs' | 'backoff' | 'detectMaxWidth'>>
}

interface Running {
  pipeline: CameraPipeline
  signature: string
  snapshotMtime: number
}

/** What, when changed, needs a new ffmpeg (a renamed camera does not; starting or stopping recording does). */
function signature(c: CameraPipelineRecord, records: boolean): string {
  return JSON.stringify([c.rtspUrl, c.username, c.password, c.transport, c.detectFps, records])
}

/** What, when changed, needs detection reconfigured (new tracks, maybe another model). */
function analyticsSignature(c: CameraPipelineRecord): string {
  return JSON.stringify([c.kind, c.modelId, c.zones, c.lines])
}

export class CameraManager {
  readonly ffmpeg = new FfmpegProcesses()
  private readonly running = new Map<string, Running>()
  private readonly analytics = new Map<string, string>()
  private stamp: string | null = null
  private records: CameraPipelineRecord[] = []
  /** The held cameras the last sync applied. */
  private heldKey = ''
  /** Set when the registry was read anew: the held set alone does not tell a changed camera. */
  private changed = true
  /** Pipelines stopped because their lease went, until the next registry read. */
  private readonly fenced = new Map<string, CameraPipeline>()
  private timers: NodeJS.Timeout[] = []
  private syncing: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(private readonly options: CameraManagerOptions) {}

  /** Status of every running pipeline, for the heartbeat. */
  statuses(): CameraStatus[] {
    return [...this.running.values()].map((r) => r.pipeline.status())
  }

  async start(): Promise<void> {
    await mkdir(this.options.snapshotDir, { recursive: true })
    await this.sync()
    const every = (ms: number, task: () => Promise<void>) => {
      const timer = setInterval(() => {
        task().catch((err: Error) => this.options.log(`cameras: ${err.message}`))
      }, ms)
      timer.unref()
      this.timers.push(timer)
    }
    every(this.options.pollMs ?? 3000, () => this.sync())
    every(this.options.healthMs ?? 5000, () => this.reportHealth())
    every(this.options.snapshotMs ?? 3000, () => this.publishSnapshots())
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers) clearInterval(timer)
    await this.syncing
    await Promise.all([...this.running.values()].map((r) => r.pipeline.stop()))
    this.running.clear()
    await this.ffmpeg.stopAll()
  }

  /** Applies the registry now, changed or not (recording stopped or resumed for lack of disk). */
  refresh(): Promise<void> {
    this.stamp = null
    return this.sync()
  }

  /** Applies the registry if it changed since the last look. Serialised: one sync at a time. */
  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.syncOnce())
      .catch((err: Error) => {
        this.options.log(`cameras: cannot read the registry: ${err.message}`)
      })
    return this.syncing
  }

  /**
   * Stops, without reading the database, every pipeline whose camera's lease this replica no longer
   * holds (fencing: it must work while the database is down). Serialised with the syncs.
   */
  fence(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.stopUnheld())
      .catch((err: Error) => this.options.log(`cameras: cannot stop a pipeline: ${err.message}`))
    return this.syncing
  }

  private holds(id: string): boolean {
    return this.options.leases?.holds(id) ?? true
  }

  private async stopUnheld(): Promise<void> {
    const unheld = [...this.running].filter(([id]) => !this.holds(id))
    for (const [id, running] of unheld) {
      this.running.delete(id)
      this.fenced.set(id, running.pipeline)
    }
    // what the last sync applied is no longer what runs: the next sync that reads the registry
    // starts them again once their leases are back (the held set alone may look unchanged)
    if (unheld.length > 0) this.changed = true
    // another replica publishes the camera's status once it takes the lease
    await Promise.all(unheld.map(([, running]) => running.pipeline.stop()))
    for (const [id] of unheld) this.options.log(`${id}: lease not held; pipeline stopped`)
  }

  /** Cameras stopped for their lease that the registry, read since, disabled or removed: nobody else will say so. */
  private reportFencedDisabled(enabled: ReadonlyMap<string, CameraPipelineRecord>): void {
    for (const [id, pipeline] of this.fenced) {
      if (!enabled.has(id)) this.publishDisabled(id, pipeline)
    }
    this.fenced.clear()
  }

  private publishDisabled(id: string, pipeline: CameraPipeline): void {
    this.options.log(`${id}: removed or disabled; pipeline stopped`)
    this.publishStatus({ ...pipeline.status(), state: 'offline', reason: null, detail: 'disabled' })
    publishTo(this.options.mqtt, streams.cameraSnapshot, { cameraId: id }, null)
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return
    await this.stopUnheld()
    const stamp = await this.options.cameras.changeStamp()
    if (stamp !== this.stamp) {
      this.records = await this.options.cameras.listForPipeline()
      this.changed = true
    }
    this.stamp = stamp
    const enabled = new Map(this.records.filter((c) => c.enabled).map((c) => [c.id, c]))
    this.reportFencedDisabled(enabled)
    const heldKey = this.records
      .filter((c) => this.holds(c.id))
      .map((c) => c.id)
      .join(',')
    if (heldKey === this.heldKey && !this.changed) return
    this.changed = false
    this.heldKey = heldKey
    const wanted = new Map([...enabled].filter(([id]) => this.holds(id)))
    const recordings = this.options.recordings
    const sign = (c: CameraPipelineRecord) => signature(c, recordings?.records(c.recording) ?? false)
    for (const [id, running] of this.running) {
      const record = wanted.get(id)
      if (record && sign(record) === running.signature) continue
      this.running.delete(id)
      await running.pipeline.stop()
      if (!enabled.has(id)) this.publishDisabled(id, running.pipeline)
      else if (record) this.options.log(`${id}: configuration changed; restarting its pipeline`)
    }
    this.followInDetection(wanted)
    for (const record of wanted.values()) {
      // a lease lost while the registry was read
      if (this.running.has(record.id) || !this.holds(record.id)) continue
      const pipeline = new CameraPipeline(record, {
        ...this.options.pipeline,
        ffmpeg: this.ffmpeg,
        publishUrl: this.options.publishUrl,
        snapshotDir: this.options.snapshotDir,
        ...(this.options.frames ? { frames: this.options.frames } : {}),
        onStatus: (status) => this.publishStatus(status),
        log: (line) => this.options.log(line, { cameraId: record.id }),
        ...(recordings ? { recorder: () => recordings.begin(record.id, record.recording) } : {}),
      })
      // an old snapshot would show a picture the camera no longer sends
      await rm(pipeline.snapshotFile, { force: true })
      this.running.set(record.id, { pipeline, signature: sign(record), snapshotMtime: 0 })
      pipeline.start()
    }
  }

  private followInDetection(wanted: ReadonlyMap<string, CameraPipelineRecord>): void {
    const detection = this.options.detection
    if (!detection) return
    for (const id of this.analytics.keys())
      if (!wanted.has(id)) {
        this.analytics.delete(id)
        detection.removeCamera(id)
      }
    for (const c of wanted.values()) {
      const sig = analyticsSignature(c)
      if (this.analytics.get(c.id) === sig) continue
      this.analytics.set(c.id, sig)
      const config = { cameraId: c.id, kind: c.kind, modelId: c.modelId, zones: c.zones, lines: c.lines }
      detection.configureCamera(config).catch((err: Error) => {
        this.options.log(`${c.id}: no detection: ${err.message}`)
        this.analytics.delete(c.id) // tried again at the next registry change
      })
    }
  }

  private publishStatus(status: CameraStatus): void {
    publishTo(this.options.mqtt, streams.cameraStatus, { cameraId: status.cameraId }, status)
  }

  private async reportHealth(): Promise<void> {
    const rows: CameraHealthRow[] = []
    for (const { pipeline } of this.running.values()) {
      const status = pipeline.tick()
      this.publishStatus(status)
      if (status.health)
        rows.push({
          ...status.health,
          state: status.state,
          reason: status.reason,
          ...(status.detail ? { detail: status.detail } : {}),
        })
    }
    await this.options.cameras.insertHealth(rows)
  }

  private async publishSnapshots(): Promise<void> {
    for (const [id, running] of this.running) {
      const info = await stat(running.pipeline.snapshotFile).catch(() => null)
      if (!info || info.mtimeMs === running.snapshotMtime) continue
      const jpeg = await readFile(running.pipeline.snapshotFile).catch(() => null)
      // whole JPEGs only: start and end markers both present
      if (
        !jpeg ||
        jpeg.length < 4 ||
        jpeg.readUInt16BE(0) !== 0xffd8 ||
        jpeg.readUInt16BE(jpeg.length - 2) !== 0xffd9
      )
        continue
      running.snapshotMtime = info.mtimeMs
      publishTo(this.options.mqtt, streams.cameraSnapshot, { cameraId: id }, jpeg)
    }
  }
}
