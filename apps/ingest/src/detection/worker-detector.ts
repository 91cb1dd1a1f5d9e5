// A model running in its own worker thread (inference-worker.ts), seen from the main thread as a
// `detect(frame)` that resolves with the detections. The frame's pixels are transferred, not
// copied: after `detect`, the caller's buffer is detached (length 0).
import { Worker } from 'node:worker_threads'
import type { Detection } from '@ioc/vision'
import type { RawImage } from './detector.js'
import { DetectionError } from './errors.js'
import type { FrameDetector } from './frame-detector.js'
import type { FromWorker, ToWorker, WireError } from './inference-protocol.js'
import type { ModelSpec } from './model-manifest.js'
import { startWorker } from './worker-entry.js'

export interface WorkerDetectorOptions {
  intraOpThreads: number
  scoreThreshold?: number
  nmsIou?: number
}

interface Pending {
  resolve: (detections: Detection[]) => void
  reject: (err: Error) => void
}

const toError = (e: WireError) => new DetectionError(e.code, e.message)

export class WorkerDetector implements FrameDetector {
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private closing: Promise<void> | null = null
  /** Why the worker can no longer detect (it exited or crashed); null while it can. */
  private broken: Error | null = null
  private readonly ready: Promise<void>
  private settleReady: { resolve: () => void; reject: (err: Error) => void } | null = null

  private constructor(
    readonly spec: ModelSpec,
    private readonly worker: Worker,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject }
    })
    worker.on('message', (m: FromWorker) => this.onMessage(m))
    worker.on('error', (err) =>
      this.fail(new DetectionError('INFERENCE', `inference worker crashed: ${err.message}`)),
    )
    worker.on('exit', (code) =>
      this.fail(new DetectionError('INFERENCE', `inference worker of ${spec.id} exited (code ${code})`)),
    )
  }

  /** Starts the worker and resolves once it has loaded the model (rejects with the worker's reason). */
  static async open(spec: ModelSpec, file: string, options: WorkerDetectorOptions): Promise<WorkerDetector> {
    const detector = new WorkerDetector(spec, startWorker({ spec, file, ...options }))
    try {
      await detector.ready
    } catch (err) {
      await detector.worker.terminate()
      throw err
    }
    return detector
  }

  /** Frames sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size
  }

  readonly parallel = 1

  /**
   * Detections of one frame, boxes in its source pixels. Answers come in the order of the calls.
   * The pixels move to the worker without a copy when the frame owns its whole ArrayBuffer
   * (as the camera pipeline's frames do); a view into a larger buffer is copied first.
   */
  detect(image: RawImage): Promise<Detection[]> {
    if (this.closing)
      return Promise.reject(new DetectionError('INFERENCE', `model ${this.spec.id} is closed`))
    if (this.broken) return Promise.reject(this.broken)
    const owned = image.bgr.byteOffset === 0 && image.bgr.byteLength === image.bgr.buffer.byteLength
    const bgr = owned && image.bgr.buffer instanceof ArrayBuffer ? image.bgr : new Uint8Array(image.bgr)
    const id = this.nextId++
    const message: ToWorker = { type: 'detect', id, width: image.width, height: image.height, bgr }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage(message, [bgr.buffer as ArrayBuffer])
    })
  }

  /** Lets the frames already sent finish, then releases the session and ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.broken) return
      const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
      this.worker.postMessage({ type: 'close' } satisfies ToWorker)
      await closed
    })()
    return this.closing
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.settleReady?.resolve()
      this.settleReady = null
    }
    if (m.type === 'failed') this.fail(toError(m.error))
    if (m.type !== 'result' && m.type !== 'error') return
    const p = this.pending.get(m.id)
    if (!p) return
    this.pending.delete(m.id)
    if (m.type === 'result') p.resolve(m.detections)
    else p.reject(toError(m.error))
  }

  private fail(err: Error): void {
    this.broken ??= err
    this.settleReady?.reject(err)
    this.settleReady = null
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }
}
