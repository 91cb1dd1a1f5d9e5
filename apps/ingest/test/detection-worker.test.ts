// The model in a worker thread (WorkerDetector) against the same model on this thread (Detector):
// the same boxes, frames moved rather than copied, the worker's failures reported here; and the
// main-thread variant bench:detect compares it with.
// Real model and clips; no timing assertions (the event-loop lag is in `npm run bench:detect`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Detector } from '../src/detection/detector.js'
import type { FileFrame } from '../src/detection/file-frames.js'
import { DetectorGroup, MainThreadDetector } from '../src/detection/frame-detector.js'
import {
  findModel,
  findRepoRoot,
  loadManifest,
  modelPath,
  resolveModelsDir,
} from '../src/detection/model-manifest.js'
import { WorkerDetector } from '../src/detection/worker-detector.js'
import { decodeAll, media, openTestDetector } from './support/detection-media.js'

const spec = findModel(loadManifest(), 'yolox_nano')
const file = modelPath(spec, resolveModelsDir(process.env['IOC_MODELS_DIR']))
const SCORE = 0.1

let local: Detector
let worker: WorkerDetector
let frames: FileFrame[]

beforeAll(async () => {
  local = await openTestDetector(SCORE)
  worker = await WorkerDetector.open(spec, file, { intraOpThreads: 2, scoreThreshold: SCORE })
  // two sizes: the letterbox geometry must follow the frame, not stay with the first one
  const traffic = await decodeAll(media('traffic.mp4'), 1)
  const dog = await decodeAll(media('dog.jpg'))
  frames = [...traffic.slice(0, 6), ...dog, ...traffic.slice(6, 8)]
})

afterAll(async () => {
  await worker?.close()
  await local?.session.close()
})

const copyOf = (f: FileFrame) => ({ width: f.width, height: f.height, bgr: new Uint8Array(f.bgr) })

describe('WorkerDetector', () => {
  it('gives exactly the boxes of the same model run on this thread, frames sent all at once', async () => {
    const expected = []
    for (const f of frames) expected.push(await local.detect(f))
    // all in flight together: answers must come back in order, each with its own frame's boxes
    const got = await Promise.all(frames.map((f) => worker.detect(copyOf(f))))
    expect(got).toEqual(expected)
    expect(expected.flat().length).toBeGreaterThan(20) // cars and a dog: not a comparison of empty lists
    expect(worker.inFlight).toBe(0)
  })

  it('moves a frame that owns its buffer to the worker, and copies a view into a larger one', async () => {
    const owned = copyOf(frames[0]!)
    const expected = await local.detect(frames[0]!)
    expect(await worker.detect(owned)).toEqual(expected)
    expect(owned.bgr.byteLength).toBe(0) // transferred: detached here

    const size = frames[0]!.bgr.length
    const big = new Uint8Array(size + 16)
    big.set(frames[0]!.bgr, 16)
    const view = { ...owned, bgr: big.subarray(16) }
    expect(await worker.detect(view)).toEqual(expected)
    expect(view.bgr.byteLength).toBe(size) // the caller's larger buffer is left alone
  })

  it('reports a frame of the wrong size as that frame’s error and keeps detecting', async () => {
    const bad = { width: 100, height: 100, bgr: new Uint8Array(10) }
    await expect(worker.detect(bad)).rejects.toThrow(/expected 100x100x3 = 30000 bytes, got 10/)
    expect(await worker.detect(copyOf(frames[0]!))).toEqual(await local.detect(frames[0]!))
  })

  it('rejects a file that is not an ONNX model with a readable reason, and ends its thread', async () => {
    const notAModel = `${findRepoRoot()}/models/manifest.json`
    await expect(WorkerDetector.open(spec, notAModel, { intraOpThreads: 1 })).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/cannot load ONNX model .*manifest\.json/),
    })
  })

  it('refuses frames after close, and closing twice is harmless', async () => {
    const w = await WorkerDetector.open(spec, file, { intraOpThreads: 1, scoreThreshold: SCORE })
    await w.close()
    await w.close()
    await expect(w.detect(copyOf(frames[0]!))).rejects.toThrow(/closed/)
  })
})

describe('MainThreadDetector', () => {
  it('answers frames sent all at once each with its own boxes (one reused input tensor, one frame at a time)', async () => {
    const expected = []
    for (const f of frames) expected.push(await local.detect(f))
    const serial = new MainThreadDetector(local)
    const pending = frames.map((f) => serial.detect(f))
    expect(serial.inFlight).toBe(frames.length)
    expect(await Promise.all(pending)).toEqual(expected)
    expect(serial.inFlight).toBe(0)
  })
})

describe('DetectorGroup', () => {
  it('spreads frames over its workers and hands the answers back in the order of the calls', async () => {
    const members = await Promise.all(
      [1, 2].map(() => WorkerDetector.open(spec, file, { intraOpThreads: 1, scoreThreshold: SCORE })),
    )
    const group = new DetectorGroup(members)
    const expected = []
    for (const f of frames) expected.push(await local.detect(f))
    const order: number[] = []
    const pending = frames.map((f, i) => group.detect(copyOf(f)).then((d) => (order.push(i), d)))
    expect(members.map((m) => m.inFlight)).toEqual([
      Math.ceil(frames.length / 2),
      Math.floor(frames.length / 2),
    ])
    expect(await Promise.all(pending)).toEqual(expected)
    expect(order).toEqual(frames.map((_, i) => i))
    await group.close()
    await expect(members[0]!.detect(copyOf(frames[0]!))).rejects.toThrow(/closed/)
  })
})
