// Messages between the ingest's main thread and an inference worker (inference-worker.ts).
// Plain data only: they cross threads by structured clone, and frame pixels by transfer.
import type { Detection } from '@ioc/vision'
import type { DetectionErrorCode } from './errors.js'
import type { ModelSpec } from './model-manifest.js'

/** What a worker needs to open its model: given as `workerData` when it starts. */
export interface InferenceWorkerData {
  spec: ModelSpec
  file: string
  intraOpThreads: number
  scoreThreshold?: number
  nmsIou?: number
}

export type ToWorker =
  { type: 'detect'; id: number; width: number; height: number; bgr: Uint8Array } | { type: 'close' }

export interface WireError {
  code: DetectionErrorCode
  message: string
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; detections: Detection[] }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'closed' }
