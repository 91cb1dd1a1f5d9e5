// The only file that touches onnxruntime-node: one inference session per model file, shared by
// every camera that uses the model (a session holds the weights and its thread pool; one per
// camera would multiply both for nothing on a 2-core node).
import * as ort from 'onnxruntime-node'
import { DetectionError } from './errors.js'

export interface SessionOptions {
  /** Threads one inference uses (onnxruntime's intra-op pool); IOC_DETECT_THREADS. */
  intraOpThreads: number
  /**
   * Let the pool's threads spin between inferences (onnxruntime's default). Off by default: the
   * same cores run one ffmpeg decoder per camera, and a spinning thread takes their CPU for
   * nothing (measured here: 1.24 instead of 1.54 cores busy a run at about the same speed).
   */
  spinWait?: boolean
}

export interface TensorIO {
  inputName: string
  outputName: string
  /** [1, 3, height, width] */
  inputDims: readonly [1, 3, number, number]
}

export class OnnxSession {
  private closed = false

  private constructor(
    readonly path: string,
    private readonly session: ort.InferenceSession,
    private readonly io: TensorIO,
  ) {}

  /**
   * Opens a model and checks its declared input and output names against the manifest, so a
   * wrong file fails at start with a readable message rather than at the first frame.
   */
  static async open(path: string, io: TensorIO, options: SessionOptions): Promise<OnnxSession> {
    let session: ort.InferenceSession
    try {
      session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: options.intraOpThreads,
        // Cameras already run in parallel through the queue; one inference at a time per session.
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        extra: { session: { intra_op: { allow_spinning: options.spinWait ? '1' : '0' } } },
      })
    } catch (err) {
      throw new DetectionError('BAD_MODEL', `cannot load ONNX model ${path}: ${(err as Error).message}`)
    }
    if (!session.inputNames.includes(io.inputName) || !session.outputNames.includes(io.outputName)) {
      await session.release().catch(() => {}) // the error below is the one worth reporting
      throw new DetectionError(
        'BAD_MODEL',
        `ONNX model ${path} has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ` +
          `the manifest expects input "${io.inputName}" and output "${io.outputName}"`,
      )
    }
    return new OnnxSession(path, session, io)
  }

  /** Runs one 1x3xHxW float tensor; returns the raw output floats. */
  async run(input: Float32Array): Promise<Float32Array> {
    if (this.closed) throw new DetectionError('INFERENCE', `session of ${this.path} is closed`)
    const tensor = new ort.Tensor('float32', input, [...this.io.inputDims])
    let results: ort.InferenceSession.OnnxValueMapType
    try {
      results = await this.session.run({ [this.io.inputName]: tensor })
    } catch (err) {
      throw new DetectionError('INFERENCE', `inference on ${this.path} failed: ${(err as Error).message}`)
    }
    const out = results[this.io.outputName]
    if (!out || out.type !== 'float32') {
      throw new DetectionError('BAD_MODEL', `output "${this.io.outputName}" of ${this.path} is not float32`)
    }
    return out.data as Float32Array
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.session.release()
  }
}
