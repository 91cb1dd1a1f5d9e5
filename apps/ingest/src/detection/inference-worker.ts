// The inference thread: owns one model's onnxruntime session and turns raw frames into detections
// in source pixels (letterbox into the Detector's reused tensor, session.run, decode, NMS).
//
// onnxruntime-node's `run` blocks the thread that calls it for the whole inference (~20 ms), so on
// the main thread it stalled MQTT ingest, ffmpeg's pipes and every timer of the ingest process.
// Here it blocks only this thread. Frames are handled strictly one after the other, in the order
// they came: the Detector reuses one input tensor, and tracking needs a camera's frames in order.
import { parentPort, workerData } from 'node:worker_threads'
import { Detector } from './detector.js'
import { DetectionError } from './errors.js'
import type { FromWorker, InferenceWorkerData, ToWorker, WireError } from './inference-protocol.js'

const port = parentPort
if (!port) throw new Error('inference-worker.ts runs as a worker thread (see worker-detector.ts)')

const data = workerData as InferenceWorkerData
const send = (message: FromWorker) => port.postMessage(message)
const wire = (err: unknown): WireError =>
  err instanceof DetectionError
    ? { code: err.code, message: err.message }
    : { code: 'INFERENCE', message: (err as Error)?.message ?? String(err) }

let detector: Detector | null = null
let chain: Promise<void> = Promise.resolve()

port.on('message', (message: ToWorker) => {
  chain = chain.then(() => handle(message))
})

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'close') {
    await detector?.session.close()
    detector = null
    send({ type: 'closed' })
    port!.close()
    return
  }
  try {
    if (!detector) throw new DetectionError('INFERENCE', `model ${data.spec.id} is closed`)
    const detections = await detector.detect(message)
    send({ type: 'result', id: message.id, detections })
  } catch (err) {
    send({ type: 'error', id: message.id, error: wire(err) })
  }
}

chain = Detector.open(data.spec, data.file, data).then(
  (opened) => {
    detector = opened
    send({ type: 'ready' })
  },
  (err: unknown) => send({ type: 'failed', error: wire(err) }),
)
