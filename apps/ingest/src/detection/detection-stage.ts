// The detection stage: takes the camera pipeline's frames, sends them to the camera's model, and
// hands the results to the analytics and the outputs.
//
// Each model runs in its own worker thread (worker-detector.ts): onnxruntime-node's `run` blocks
// its thread for a whole inference, which on the main thread stalled MQTT ingest and ffmpeg's
// pipes. A model gets at most `framesInFlight` frames at a time, cameras served round-robin, and
// each camera's queue drops its oldest frame when the model falls behind (memory never grows).
//
// Tracking, zones, lines and events stay here, on the main thread: they cost well under a
// millisecond a frame, their per-camera state is replaced synchronously by configureCamera, and
// their results go to the database and MQTT clients that live on this thread.
import type { LogLine } from '@ioc/config'
import type { DetectionFrame } from '@ioc/contracts'
import type { Frame, FrameSink } from '../video/frame.js'
import { CameraAnalytics, type AnalyticsOptions, type CameraDetectionConfig } from './camera-analytics.js'
import type { DetectionOutputs } from './detection-outputs.js'
import type { FrameDetector } from './frame-detector.js'
import { DropOldestQueue } from './frame-queue.js'
import type { ModelPool } from './model-pool.js'

export type { CameraDetectionConfig } from './camera-analytics.js'

/** What the camera pipeline calls besides `submit`. */
export interface DetectionControl {
  /** Adds a camera or replaces its configuration; resolves once its model is loaded (rejects if it cannot be). */
  configureCamera(config: CameraDetectionConfig): Promise<void>
  /** Stops detection on a camera and drops its queued frames. */
  removeCamera(cameraId: string): void
}

export interface DetectionStageOptions {
  models: ModelPool
  outputs: DetectionOutputs
  /** Frames waiting per camera (IOC_DETECT_QUEUE_FRAMES). */
  queueFrames?: number
  /**
   * Frames each copy of a model holds at once (default 2): the next frame is already there when an
   * inference ends, instead of waiting for the main thread to take the answer and send another.
   */
  framesInFlight?: number
  /** Least time between two box messages of one camera on MQTT (default 200 ms: 5 a second). */
  publishIntervalMs?: number
  analytics?: AnalyticsOptions
  log?: LogLine
  /** Told each inference's time (the model's answer to one frame), for the ingest's metrics. */
  onInference?: (modelId: string, seconds: number) => void
}

export interface CameraStageStats {
  cameraId: string
  modelId: string
  ready: boolean
  received: number
  processed: number
  dropped: number
  queued: number
  /** Sent to the model, answer not back yet. */
  inFlight: number
  errors: number
  lastError: string | null
  /** Mean time of the last processed frames from submit to results, ms. */
  latencyMs: number
}

export interface StageStats {
  cameras: CameraStageStats[]
  /** Frames of cameras the stage does not know (not configured, or removed). */
  unconfigured: number
  models: Record<string, number>
}

interface Slot {
  config: CameraDetectionConfig
  analytics: CameraAnalytics
  loading: Promise<FrameDetector>
  /** Whether this slot holds a reference on its model in the pool (released at removal). */
  holdsModel: boolean
  detector: FrameDetector | null
  queue: DropOldestQueue<{ frame: Frame; at: number }>
  received: number
  processed: number
  errors: number
  lastError: string | null
  lastPublished: number
  latencyMs: number
}

export class DetectionStage implements FrameSink, DetectionControl {
  private readonly slots = new Map<string, Slot>()
  private order: string[] = []
  private next = 0
  /** Frames sent to models and not answered yet, all cameras. */
  private inFlight = 0
  /** The same per camera id: kept apart from the slots, which a reconfiguration replaces meanwhile. */
  private readonly inFlightOf = new Map<string, number>()
  private idleWaiters: (() => void)[] = []
  private stopped = false
  private unconfigured = 0

  constructor(private readonly o: DetectionStageOptions) {}

  async configureCamera(config: CameraDetectionConfig): Promise<void> {
    const old = this.slots.get(config.cameraId)
    const sameModel = old?.config.modelId === config.modelId
    const slot: Slot = {
      config,
      // New geometry means new tracks: a track's line sides and zone stays refer to the old one.
      analytics: new CameraAnalytics(config, this.o.analytics),
      // The same model keeps the old slot's reference to it (and its loading, if not done yet).
      loading: sameModel ? old.loading : this.o.models.acquire(config.modelId),
      holdsModel: sameModel ? old.holdsModel : true,
      detector: sameModel ? old.detector : null,
      queue: old?.queue ?? new DropOldestQueue(this.o.queueFrames ?? 2),
      received: old?.received ?? 0,
      processed: old?.processed ?? 0,
      errors: old?.errors ?? 0,
      lastError: null,
      lastPublished: 0,
      latencyMs: old?.latencyMs ?? 0,
    }
    this.slots.set(config.cameraId, slot)
    if (!old) this.order.push(config.cameraId)
    if (old && !sameModel && old.holdsModel) this.o.models.release(old.config.modelId)
    try {
      const detector = await slot.loading
      // Reconfigured or removed while the model loaded: the newer call or the removal owns it now.
      if (this.slots.get(config.cameraId) !== slot || slot.detector) return
      slot.detector = detector
      this.o.log?.(`camera ${config.cameraId}: detecting with ${config.modelId}`, {
        cameraId: config.cameraId,
      })
      this.pump()
    } catch (err) {
      // The pool forgot the failed model: nothing to release, now or at removal.
      slot.holdsModel = false
      slot.lastError = (err as Error).message
      throw err
    }
  }

  removeCamera(cameraId: string): void {
    const slot = this.slots.get(cameraId)
    if (!slot) return
    this.slots.delete(cameraId)
    this.order = this.order.filter((id) => id !== cameraId)
    slot.queue.clear()
    if (slot.holdsModel) this.o.models.release(slot.config.modelId)
    slot.holdsModel = false
  }

  /**
   * Queues a frame. The stage takes its pixels: when the frame goes to the model, its buffer is
   * transferred to the inference thread and reads as empty here from then on.
   */
  submit(frame: Frame): void {
    const slot = this.slots.get(frame.cameraId)
    if (!slot || this.stopped) {
      this.unconfigured++
      return
    }
    slot.received++
    slot.queue.push({ frame, at: performance.now() })
    this.pump()
  }

  /** Resolves when every ready camera's queue is empty (tests, the CLI, the benchmark). */
  async idle(): Promise<void> {
    if (this.inFlight === 0) return
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const slot of this.slots.values()) slot.queue.clear()
    await this.idle()
    for (const id of [...this.slots.keys()]) this.removeCamera(id)
  }

  stats(): StageStats {
    return {
      cameras: [...this.slots.values()].map((s) => ({
        cameraId: s.config.cameraId,
        modelId: s.config.modelId,
        ready: s.detector !== null,
        received: s.received,
        processed: s.processed,
        dropped: s.queue.dropped,
        queued: s.queue.length,
        inFlight: this.inFlightOf.get(s.config.cameraId) ?? 0,
        errors: s.errors,
        lastError: s.lastError,
        latencyMs: Math.round(s.latencyMs * 10) / 10,
      })),
      unconfigured: this.unconfigured,
      models: this.o.models.open,
    }
  }

  /** Sends waiting frames to the models that have room for them. */
  private pump(): void {
    for (let slot = this.pick(); slot; slot = this.pick()) {
      const item = slot.queue.shift()!
      const cameraId = item.frame.cameraId
      this.inFlight++
      this.inFlightOf.set(cameraId, (this.inFlightOf.get(cameraId) ?? 0) + 1)
      // Answers of one model come back in the order the frames went: each camera's tracking sees
      // its frames in order.
      void this.process(slot, item.frame).finally(() => {
        this.inFlight--
        const left = this.inFlightOf.get(cameraId)! - 1
        if (left > 0) this.inFlightOf.set(cameraId, left)
        else this.inFlightOf.delete(cameraId)
        const current = this.slots.get(cameraId) ?? slot
        const ms = performance.now() - item.at
        current.latencyMs = current.processed <= 1 ? ms : current.latencyMs * 0.9 + ms * 0.1
        this.pump()
        if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
      })
    }
  }

  /** The next camera, round-robin, with a frame waiting and its model loaded. */
  private pick(): Slot | null {
    if (this.stopped) return null
    for (let i = 0; i < this.order.length; i++) {
      const id = this.order[(this.next + i) % this.order.length]!
      const slot = this.slots.get(id)
      if (
        slot?.detector &&
        slot.queue.length > 0 &&
        slot.detector.inFlight < (this.o.framesInFlight ?? 2) * slot.detector.parallel
      ) {
        this.next = (this.next + i + 1) % this.order.length
        return slot
      }
    }
    return null
  }

  private async process(slot: Slot, frame: Frame): Promise<void> {
    const size = { width: frame.width, height: frame.height }
    try {
      const started = performance.now()
      const detections = await slot.detector!.detect({ ...size, bgr: frame.bgr })
      this.o.onInference?.(slot.config.modelId, (performance.now() - started) / 1000)
      // The camera may have been reconfigured during the inference: results go to the current slot.
      const current = this.slots.get(frame.cameraId)
      if (!current) return
      const result = current.analytics.update(detections, size, frame.ts)
      current.processed++
      this.o.outputs.addCounts(frame.cameraId, result.counts)
      this.o.outputs.addEvents(result.events)
      if (frame.ts - current.lastPublished >= (this.o.publishIntervalMs ?? 200)) {
        current.lastPublished = frame.ts
        const message: DetectionFrame = {
          cameraId: frame.cameraId,
          ts: new Date(frame.ts).toISOString(),
          ...size,
          detections: result.boxes,
        }
        this.o.outputs.publishFrame(message)
      }
    } catch (err) {
      slot.errors++
      const message = (err as Error).message
      // Once per distinct problem: a broken camera at 5 fps would otherwise write 18,000 lines an hour.
      if (slot.lastError !== message)
        this.o.log?.(`camera ${frame.cameraId}: detection failed: ${message}`, { cameraId: frame.cameraId })
      slot.lastError = message
    }
  }
}
