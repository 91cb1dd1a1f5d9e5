// Detection in the ingest service: build it from the environment and hand `stage` to the cameras.
import { iocEnvSchema, type IocEnv, type LogLine } from '@ioc/config'
import type { CountsRepository, DetectionEventsRepository } from '@ioc/db'
import type { MqttPublisher } from '@ioc/contracts'
import { DetectionOutputs } from './detection-outputs.js'
import { DetectionStage } from './detection-stage.js'
import { resolveModelsDir } from './model-manifest.js'
import { ModelPool } from './model-pool.js'

export { DetectionStage, type DetectionControl, type CameraDetectionConfig } from './detection-stage.js'
export { DetectionOutputs } from './detection-outputs.js'
export { ModelPool } from './model-pool.js'

export const detectionEnvSchema = iocEnvSchema.pick({
  IOC_MODELS_DIR: true,
  IOC_DETECT_THREADS: true,
  IOC_DETECT_WORKERS: true,
  IOC_DETECT_QUEUE_FRAMES: true,
})
export type DetectionEnv = Pick<IocEnv, keyof typeof detectionEnvSchema.shape>

export interface Detection {
  stage: DetectionStage
  outputs: DetectionOutputs
  models: ModelPool
  modelsDir: string
  stop(): Promise<void>
}

export function createDetection(
  env: DetectionEnv,
  deps: {
    counts: CountsRepository
    events: DetectionEventsRepository
    mqtt: MqttPublisher
    log: LogLine
    /** Each inference's time, for the metrics (metrics/ingest-metrics.ts). */
    onInference?: (modelId: string, seconds: number) => void
  },
): Detection {
  const modelsDir = resolveModelsDir(env.IOC_MODELS_DIR)
  const models = new ModelPool({
    modelsDir,
    intraOpThreads: env.IOC_DETECT_THREADS,
    workers: env.IOC_DETECT_WORKERS,
  })
  const outputs = new DetectionOutputs({
    counts: deps.counts,
    events: deps.events,
    mqtt: deps.mqtt,
    log: deps.log,
  })
  outputs.start()
  const stage = new DetectionStage({
    models,
    outputs,
    queueFrames: env.IOC_DETECT_QUEUE_FRAMES,
    log: deps.log,
    ...(deps.onInference ? { onInference: deps.onInference } : {}),
  })
  deps.log(
    `detection: models from ${modelsDir}, ${env.IOC_DETECT_WORKERS} worker thread(s) a model, ` +
      `${env.IOC_DETECT_THREADS} threads an inference`,
  )
  return {
    stage,
    outputs,
    models,
    modelsDir,
    async stop() {
      await stage.stop()
      await outputs.stop()
      await models.close()
    },
  }
}

/** One heartbeat line: not ok while a camera has no model loaded or its inference fails. */
export function detectionSummary(detection: Detection): { ok: boolean; detail: string } {
  const { cameras } = detection.stage.stats()
  const sum = (pick: (c: (typeof cameras)[number]) => number) => cameras.reduce((n, c) => n + pick(c), 0)
  const failing = cameras.filter((c) => !c.ready || c.lastError)
  const detail =
    `${cameras.length} cameras: ${sum((c) => c.processed)} frames detected, ` +
    `${sum((c) => c.dropped)} dropped behind` +
    (failing.length
      ? ` (${failing.map((c) => `${c.cameraId}: ${c.lastError ?? 'model loading'}`).join(', ')})`
      : '')
  return { ok: failing.length === 0, detail }
}
