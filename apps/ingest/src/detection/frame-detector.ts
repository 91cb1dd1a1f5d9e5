// What the detection stage needs of a model: detections of a frame, answers in the order of the
// calls, how many frames it holds, and a close. WorkerDetector runs the model in its own thread
// (the ingest service); MainThreadDetector on the calling thread (bench:detect's comparison).
import type { Detection } from '@ioc/vision'
import type { Detector, RawImage } from './detector.js'

export interface FrameDetector {
  detect(image: RawImage): Promise<Detection[]>
  /** Frames taken and not answered yet. */
  readonly inFlight: number
  close(): Promise<void>
}

/**
 * A Detector on this thread, one frame after the other: its input tensor is reused, so a second
 * frame letterboxed while the first waits for session.run would overwrite the first one's input.
 */
export class MainThreadDetector implements FrameDetector {
  private chain: Promise<unknown> = Promise.resolve()
  private pending = 0

  constructor(private readonly detector: Detector) {}

  get inFlight(): number {
    return this.pending
  }

  detect(image: RawImage): Promise<Detection[]> {
    this.pending++
    const run = this.chain.then(() => this.detector.detect(image))
    this.chain = run.catch(() => {}) // one frame's failure is that frame's, not the next one's
    return run.finally(() => this.pending--)
  }

  async close(): Promise<void> {
    await this.chain
    await this.detector.session.close()
  }
}
