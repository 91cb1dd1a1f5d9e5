// Detectors shared across cameras: one ONNX session per model id, each in its own worker thread,
// opened on first use and closed when the last camera using it goes away.
import { Detector } from './detector.js'
import { DetectorGroup, MainThreadDetector, type FrameDetector } from './frame-detector.js'
import { findModel, loadManifest, modelPath, type ModelSpec } from './model-manifest.js'
import { WorkerDetector } from './worker-detector.js'

export interface ModelPoolOptions {
  modelsDir: string
  intraOpThreads: number
  /** Decode threshold; the tracker's second stage wants low scores too (ByteTrack), so 0.1 by default. */
  scoreThreshold?: number
  /** The manifest; read from models/manifest.json when not given. */
  models?: readonly ModelSpec[]
  /**
   * Where inferences run: a worker thread per model (default), or the calling thread, which
   * blocks the event loop for each inference and exists for bench:detect to show the difference.
   */
  thread?: 'worker' | 'main'
  /** Copies of each model, each in its own worker thread with `intraOpThreads` (IOC_DETECT_WORKERS, default 1). */
  workers?: number
}

interface Entry {
  detector: Promise<FrameDetector>
  users: number
}

export class ModelPool {
  private readonly entries = new Map<string, Entry>()
  private readonly models: readonly ModelSpec[]

  constructor(private readonly o: ModelPoolOptions) {
    this.models = o.models ?? loadManifest()
  }

  /** The shared detector of a model; every acquire needs one release. */
  acquire(modelId: string): Promise<FrameDetector> {
    let entry = this.entries.get(modelId)
    if (!entry) {
      const spec = findModel(this.models, modelId)
      const options = { intraOpThreads: this.o.intraOpThreads, scoreThreshold: this.o.scoreThreshold ?? 0.1 }
      // async: a missing model file is a rejected acquire, as a file that fails to load is
      const detector = (async (): Promise<FrameDetector> => {
        const file = modelPath(spec, this.o.modelsDir)
        if (this.o.thread === 'main') return new MainThreadDetector(await Detector.open(spec, file, options))
        const copies = this.o.workers ?? 1
        if (copies === 1) return WorkerDetector.open(spec, file, options)
        const opened = await Promise.allSettled(
          Array.from({ length: copies }, () => WorkerDetector.open(spec, file, options)),
        )
        const failed = opened.find((r) => r.status === 'rejected')
        const ok = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
        if (failed) {
          await Promise.all(ok.map((d) => d.close())) // all or none
          throw failed.reason
        }
        return new DetectorGroup(ok)
      })()
      entry = { detector, users: 0 }
      this.entries.set(modelId, entry)
      // A model that failed to open is forgotten, so a later configure tries again.
      detector.catch(() => {
        if (this.entries.get(modelId) === entry) this.entries.delete(modelId)
      })
    }
    entry.users++
    return entry.detector
  }

  release(modelId: string): void {
    const entry = this.entries.get(modelId)
    if (!entry) return
    entry.users--
    if (entry.users > 0) return
    this.entries.delete(modelId)
    void entry.detector.then((d) => d.close()).catch(() => {}) // a model that never opened has nothing to close
  }

  /** Model ids with an open (or opening) session and how many cameras use each. */
  get open(): Record<string, number> {
    return Object.fromEntries([...this.entries].map(([id, e]) => [id, e.users]))
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()]
    this.entries.clear()
    await Promise.all(all.map((e) => e.detector.then((d) => d.close()).catch(() => {})))
  }
}
