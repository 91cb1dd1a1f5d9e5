// Detectors shared across cameras: one ONNX session per model id, each in its own worker thread,
// opened on first use and closed when the last camera using it goes away.
import { findModel, loadManifest, modelPath, type ModelSpec } from './model-manifest.js'
import { WorkerDetector } from './worker-detector.js'

export interface ModelPoolOptions {
  modelsDir: string
  intraOpThreads: number
  /** Decode threshold; the tracker's second stage wants low scores too (ByteTrack), so 0.1 by default. */
  scoreThreshold?: number
  /** The manifest; read from models/manifest.json when not given. */
  models?: readonly ModelSpec[]
}

interface Entry {
  detector: Promise<WorkerDetector>
  users: number
}

export class ModelPool {
  private readonly entries = new Map<string, Entry>()
  private readonly models: readonly ModelSpec[]

  constructor(private readonly o: ModelPoolOptions) {
    this.models = o.models ?? loadManifest()
  }

  /** The shared detector of a model; every acquire needs one release. */
  acquire(modelId: string): Promise<WorkerDetector> {
    let entry = this.entries.get(modelId)
    if (!entry) {
      const spec = findModel(this.models, modelId)
      const detector = (async () =>
        WorkerDetector.open(spec, modelPath(spec, this.o.modelsDir), {
          intraOpThreads: this.o.intraOpThreads,
          scoreThreshold: this.o.scoreThreshold ?? 0.1,
        }))()
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
