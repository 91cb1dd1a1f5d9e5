// The ingest's recordings: which cameras record now (their mode, and not while the disk is too
// full), one SegmentRun per ffmpeg launch of those, the reconciliation at start and the retention
// sweeps. Its summary is the heartbeat's `recordings` pipeline (GET /api/health).
import type { CameraRecording } from '@ioc/contracts'
import type { KeepRule, RecordingsRepository, RecordingStorage } from '@ioc/db'
import type { RecordingRun } from '../cameras/camera-pipeline.js'
import type { FfmpegProcesses } from '../cameras/ffmpeg-processes.js'
import { reconcile } from './reconcile.js'
import { mb, RecordingRetention } from './retention.js'
import { SegmentRun } from './segment-run.js'

export interface RecordingsOptions {
  repo: RecordingsRepository
  storage: RecordingStorage
  ffmpeg: FfmpegProcesses
  /** This ingest instance: the writer of its segments. */
  writer: string
  segmentS: number
  budgetBytes: number
  minFreeBytes: number
  keep: KeepRule
  sweepMs: number
  log: (line: string) => void
}

export class Recordings {
  readonly retention: RecordingRetention
  private timer: NodeJS.Timeout | null = null
  private sweeping: Promise<void> = Promise.resolve()
  private readonly listeners: (() => void)[] = []
  private lastError: string | null = null
  private recovered = ''

  constructor(private readonly options: RecordingsOptions) {
    this.retention = new RecordingRetention(options)
  }

  /** Reconciles what this instance left, sweeps once, then every `sweepMs`. */
  async start(): Promise<void> {
    try {
      const r = await reconcile(this.options)
      if (r.runs > 0) {
        this.recovered = `; after the last stop: ${r.sealed} segments sealed, ${r.discarded} discarded`
        this.options.log(
          `recordings: ${r.runs} runs left open by the last stop: ${r.sealed} segments sealed, ` +
            `${r.discarded} discarded, ${r.forgotten} never written`,
        )
      }
    } catch (err) {
      // the cameras' live video must not wait for this; the next start tries again
      this.lastError = `reconciliation failed: ${(err as Error).message}`
      this.options.log(`recordings: ${this.lastError}`)
    }
    await this.sweep()
    this.timer = setInterval(() => void this.sweep(), this.options.sweepMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.sweeping
  }

  /** Told when recording stops or resumes for lack of disk: the pipelines are restarted. */
  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Whether a camera's ffmpeg writes segments now. */
  records(recording: CameraRecording): boolean {
    return recording.mode !== 'off' && !this.retention.suspended
  }

  /** A new ffmpeg launch of the camera: its recording, or null when it records nothing. */
  begin(cameraId: string, recording: CameraRecording): RecordingRun | null {
    if (!this.records(recording)) return null
    try {
      const run = new SegmentRun(cameraId, this.options)
      return { output: run.output(), firstFrame: (at) => run.firstFrame(at), end: () => run.end() }
    } catch (err) {
      // live video goes on without recording rather than not at all
      this.options.log(`${cameraId}: not recording: ${(err as Error).message}`)
      return null
    }
  }

  summary(): { ok: boolean; detail: string } {
    const last = this.retention.last
    if (this.lastError) return { ok: false, detail: this.lastError }
    if (!last) return { ok: true, detail: `starting (${this.options.storage.description})` }
    const figures = `${mb(last.usedBytes)} of ${mb(this.options.budgetBytes)} used, ${mb(last.freeBytes)} free`
    if (last.suspended)
      return {
        ok: false,
        detail: `recording stopped: disk nearly full (${figures}, floor ${mb(this.options.minFreeBytes)})`,
      }
    return { ok: true, detail: `${figures}${this.recovered}` }
  }

  sweep(): Promise<void> {
    this.sweeping = this.sweeping.then(async () => {
      const was = this.retention.suspended
      try {
        await this.retention.sweep()
        this.lastError = null
      } catch (err) {
        this.lastError = `retention failed: ${(err as Error).message}`
        this.options.log(`recordings: ${this.lastError}`)
      }
      if (this.retention.suspended !== was) for (const listener of this.listeners) listener()
    })
    return this.sweeping
  }
}
