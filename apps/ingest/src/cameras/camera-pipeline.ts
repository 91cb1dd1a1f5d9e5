// One camera, one ffmpeg: pulls RTSP once and feeds node-media-server (stream copied, no
// re-encoding), a JPEG snapshot file, and raw BGR frames for detection at the camera's rate.
// Supervises that process: status with a reason, stall detection, restarts with backoff.
import { join } from 'node:path'
import type { CameraFailure, CameraHealth, CameraState, CameraStatus, RtspTransport } from '@ioc/contracts'
import type { FrameSink } from '../video/frame.js'
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.js'
import type { FfmpegOutput, FfmpegProcesses, FfmpegRun } from './ffmpeg-processes.js'
import { decoderInputOptions, sampledFrameTime } from './frame-time.js'
import {
  classifyFailure,
  explainExit,
  parseInputVideo,
  parseRawOutput,
  parseStats,
  refusesTcp,
  type VideoSize,
} from './ffmpeg-stderr.js'
import { RawFrameReader } from './raw-frame-reader.js'
import { rtspInput } from './rtsp-input.js'

export interface PipelineCamera {
  id: string
  /** Without user info; the credentials come apart. */
  rtspUrl: string
  username: string | null
  password: string | null
  transport: RtspTransport
  detectFps: number
}

/** What one ffmpeg launch records (apps/ingest/src/recordings): its segment output, told the first frame and the exit. */
export interface RecordingRun {
  output: FfmpegOutput
  firstFrame(at: number): void
  /** ffmpeg has exited: what it left is sealed and indexed. */
  end(): Promise<void>
}

export interface PipelineOptions {
  ffmpeg: FfmpegProcesses
  publishUrl: (cameraId: string) => string
  snapshotDir: string
  frames?: FrameSink
  onStatus: (status: CameraStatus) => void
  log: (line: string) => void
  /** No frame for this long while online: the stream is stalled, restart it. */
  stallMs?: number
  /** No first frame this long after starting ffmpeg: give up this attempt. */
  connectTimeoutMs?: number
  backoff?: BackoffOptions
  /** Longest side of the frames handed to detection (the model letterboxes them anyway). */
  detectMaxWidth?: number
  snapshotEveryS?: number
  /** Asked at every launch: the recording of that launch, or null to record nothing then. */
  recorder?: () => RecordingRun | null
}

export class CameraPipeline {
  private run: FfmpegRun | null = null
  private stopped = true
  private state: CameraState = 'connecting'
  private reason: CameraFailure | null = null
  private detail: string | undefined
  private attempt = 0
  private restarts = 0
  private retryTimer: NodeJS.Timeout | null = null
  private watchdog: NodeJS.Timeout | null = null
  /** `auto` starts on TCP and moves to UDP when the camera answers 461; `tcp`/`udp` are pinned. */
  private effectiveTransport: 'tcp' | 'udp'
  private inputVideo: VideoSize | null = null
  private lastFrameAt: number | null = null
  private startedAt = 0
  private onlineSince: number | null = null
  private lastHealth: CameraHealth | null = null
  private stderrTail: string[] = []
  private recording: RecordingRun | null = null
  private launchSawFrame = false
  private readonly recordingEnds = new Set<Promise<void>>()
  // figures over the current health window
  private framesOut = 0
  private windowStart = Date.now()
  private lastStats: { frame: number; at: number; sizeKb: number | null; timeS: number | null } | null = null
  private fpsIn = 0
  private bitrateKbps = 0
  private readonly stallMs: number
  private readonly connectTimeoutMs: number

  constructor(
    readonly camera: PipelineCamera,
    private readonly options: PipelineOptions,
  ) {
    this.effectiveTransport = camera.transport === 'udp' ? 'udp' : 'tcp'
    this.stallMs = options.stallMs ?? 5000
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  }

  get snapshotFile(): string {
    return join(this.options.snapshotDir, `${this.camera.id}.jpg`)
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.setState('connecting', null)
    this.launch()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimers()
    const run = this.run
    this.run = null
    if (run) {
      run.kill()
      await run.exited
    }
    await Promise.all(this.recordingEnds)
  }

  /** The current status with the figures of the last health window. */
  status(): CameraStatus {
    return {
      cameraId: this.camera.id,
      state: this.state,
      reason: this.reason,
      at: new Date().toISOString(),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.lastHealth ? { health: this.lastHealth } : {}),
    }
  }

  /** Closes the health window (figures since the previous call), updates degraded, returns the status. */
  tick(): CameraStatus {
    this.lastHealth = this.measure()
    return this.status()
  }

  private measure(): CameraHealth {
    const now = Date.now()
    // the rate counts from when frames started flowing, not from a connecting phase in the window
    const from = Math.max(this.windowStart, this.onlineSince ?? now)
    const seconds = Math.max(0.001, (now - from) / 1000)
    const fpsOut = this.framesOut / seconds
    this.framesOut = 0
    this.windowStart = now
    const live = this.state === 'online' || this.state === 'degraded'
    if (live && seconds >= 2) {
      // fewer frames than asked for: the camera (or this node) does not keep up
      const degraded = fpsOut < this.camera.detectFps * 0.6
      if (degraded !== (this.state === 'degraded'))
        this.setState(
          degraded ? 'degraded' : 'online',
          null,
          degraded ? `${fpsOut.toFixed(1)} fps of ${this.camera.detectFps}` : undefined,
        )
    }
    return {
      cameraId: this.camera.id,
      ts: new Date(now).toISOString(),
      fpsIn: live ? round(this.fpsIn) : 0,
      fpsOut: round(fpsOut),
      bitrateKbps: live ? round(this.bitrateKbps) : 0,
      width: this.inputVideo?.width ?? null,
      height: this.inputVideo?.height ?? null,
      lastFrameAt: this.lastFrameAt ? new Date(this.lastFrameAt).toISOString() : null,
      restarts: this.restarts,
    }
  }

  private launch(): void {
    const { camera, options } = this
    const stderrTail: string[] = []
    this.stderrTail = stderrTail
    const reader = new RawFrameReader((bgr, width, height) => this.onFrame(bgr, width, height))
    const detectWidth = options.detectMaxWidth ?? 640
    // the camera's URL and password reach ffmpeg on its stdin, never on its command line
    const input = rtspInput(camera, {
      transport: this.effectiveTransport,
      timeoutMs: this.connectTimeoutMs * 0.8,
      analyzeDurationUs: 2_000_000,
      probeSize: 2_000_000,
    })
    // the recording is one more output of the same process: the stream copied, nothing decoded
    const recording = options.recorder?.() ?? null
    this.recording = recording
    this.launchSawFrame = false
    const run = options.ffmpeg.start({
      input: input.input,
      inputOptions: [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'info',
        '-stats_period',
        '1',
        ...decoderInputOptions,
        ...input.inputOptions,
      ],
      outputs: [
        {
          target: options.publishUrl(camera.id),
          options: ['-map', '0:v:0', '-c:v', 'copy', '-an', '-f', 'flv', '-flvflags', 'no_duration_filesize'],
        },
        {
          target: this.snapshotFile,
          options: [
            ['-map', '0:v:0', '-vf', `fps=1/${options.snapshotEveryS ?? 2},scale=w='min(iw,1280)':h=-2`],
            ['-q:v', '5', '-f', 'image2', '-update', '1', '-atomic_writing', '1'],
          ].flat(),
        },
        {
          target: 'pipe',
          options: [
            ['-map', '0:v:0', '-vf', `fps=${camera.detectFps},scale=w='min(iw,${detectWidth})':h=-2`],
            ['-pix_fmt', 'bgr24', '-f', 'rawvideo'],
          ].flat(),
        },
        ...(recording ? [recording.output] : []),
      ],
    })
    this.run = run
    this.startedAt = Date.now()
    this.lastStats = null
    run.stdout.on('data', (chunk: Buffer) => reader.push(chunk))
    run.onStderrLine((line) => {
      const raw = parseRawOutput(line)
      if (raw) reader.setSize(raw.width, raw.height)
      const input = parseInputVideo(line)
      if (input) this.inputVideo = { width: input.width, height: input.height }
      const stats = parseStats(line)
      if (stats) this.onStats(stats)
      else {
        stderrTail.push(line)
        if (stderrTail.length > 40) stderrTail.shift()
      }
    })
    this.armWatchdog(this.connectTimeoutMs, 'timeout')
    void run.exited.then(({ error }) => {
      if (recording) {
        const ended = recording
          .end()
          .catch((err: Error) => options.log(`${camera.id}: recording not sealed: ${err.message}`))
          .finally(() => this.recordingEnds.delete(ended))
        this.recordingEnds.add(ended)
      }
      if (this.run !== run) return
      this.run = null
      this.onExit(error, stderrTail)
    })
  }

  private onFrame(bgr: Buffer, width: number, height: number): void {
    const now = Date.now()
    this.lastFrameAt = now
    this.framesOut++
    this.armWatchdog(this.stallMs, 'no_frames')
    if (!this.launchSawFrame) {
      this.launchSawFrame = true
      this.recording?.firstFrame(now)
    }
    if (this.state !== 'online' && this.state !== 'degraded') {
      this.attempt = 0
      this.onlineSince = now
      this.setState('online', null)
      this.options.log(
        `${this.camera.id}: online in ${now - this.startedAt} ms over ${this.effectiveTransport}`,
      )
    }
    try {
      // the frame's moment, not its arrival (frame-time.ts)
      const ts = sampledFrameTime(now, this.camera.detectFps)
      this.options.frames?.submit({ cameraId: this.camera.id, ts, width, height, bgr })
    } catch (err) {
      // detection's trouble must not stop the video
      this.options.log(`${this.camera.id}: frame sink failed: ${(err as Error).message}`)
    }
  }

  private onStats(stats: { frame: number; sizeKb: number | null; timeS: number | null }): void {
    const now = Date.now()
    const prev = this.lastStats
    if (prev && now > prev.at && stats.frame >= prev.frame) {
      const dt = (now - prev.at) / 1000
      this.fpsIn = (stats.frame - prev.frame) / dt
      if (stats.sizeKb !== null && prev.sizeKb !== null && stats.sizeKb >= prev.sizeKb)
        this.bitrateKbps = ((stats.sizeKb - prev.sizeKb) * 8 * 1.024) / dt
    }
    this.lastStats = { ...stats, at: now }
  }

  /** Kills the attempt when no frame comes in time; `reason` says what that means. */
  private armWatchdog(ms: number, reason: CameraFailure): void {
    if (this.watchdog) clearTimeout(this.watchdog)
    this.watchdog = setTimeout(() => {
      const run = this.run
      if (!run || this.stopped) return
      this.options.log(`${this.camera.id}: no frame for ${ms / 1000} s (${reason}); restarting`)
      this.run = null
      run.kill()
      void run.exited.then(() =>
        this.onExit(
          reason === 'timeout' ? 'timed out waiting for the first frame' : `no frame for ${ms / 1000} s`,
          this.stderrTail,
          reason,
        ),
      )
    }, ms)
  }

  private onExit(error: string | null, stderrTail: string[], forced?: CameraFailure): void {
    if (this.watchdog) clearTimeout(this.watchdog)
    if (this.stopped) return
    const wasLive = this.state === 'online' || this.state === 'degraded'
    this.onlineSince = null
    if (this.camera.transport === 'auto' && this.effectiveTransport === 'tcp' && refusesTcp(stderrTail)) {
      this.effectiveTransport = 'udp'
      this.options.log(`${this.camera.id}: camera refuses RTSP over TCP; using UDP`)
      this.restarts++
      this.launch()
      return
    }
    // a stall is a stall whatever ffmpeg printed before; otherwise its own words are the best reason
    const reason =
      (forced === 'no_frames' ? forced : classifyFailure(stderrTail)) ??
      forced ??
      (wasLive ? 'no_frames' : 'unknown')
    const detail = forced && error ? error : explainExit(stderrTail, error)
    this.setState('offline', reason, detail)
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? defaultBackoff)
    this.options.log(
      `${this.camera.id}: offline (${reason}: ${detail}); retry ${this.attempt} in ${delay} ms`,
    )
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (this.stopped) return
      this.restarts++
      this.launch()
    }, delay)
  }

  private setState(state: CameraState, reason: CameraFailure | null, detail?: string): void {
    const changed = state !== this.state || reason !== this.reason || detail !== this.detail
    this.state = state
    this.reason = reason
    this.detail = detail
    if (changed || state === 'connecting') this.options.onStatus(this.status())
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    if (this.watchdog) clearTimeout(this.watchdog)
    this.retryTimer = null
    this.watchdog = null
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}
