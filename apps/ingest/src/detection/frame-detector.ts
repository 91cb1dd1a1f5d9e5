// What the detection stage needs of a model: detections of a frame, answers in the order of the
// calls, how many frames it holds, and a close. WorkerDetector runs the model in its own thread
// (the ingest service), DetectorGroup several of them as one, MainThreadDetector on the calling
// thread (bench:detect's comparison).
import type { Detection } from '@ioc/vision'
import type { Detector, RawImage } from './detector.js'

export interface FrameDetector {
  detect(image: RawImage): Promise<Detection[]>
  /** Frames taken and not answered yet. */
  readonly inFlight: number
  /** Frames it works on at the same time (copies of the model). */
  readonly parallel: number
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

  readonly parallel = 1

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

/**
 * Several copies of one model, each in its own worker, used as one: a frame goes to the least busy
 * copy, and answers are handed back in the order of the calls (a camera's tracking needs its frames
 * in order). Two single-threaded sessions on two cores never wait on each other, where one session
 * with two intra-op threads meets at a barrier after every operator, and waits there for whichever
 * thread the ffmpeg decoders or the main thread took the core from.
 */
export class DetectorGroup implements FrameDetector {
  private last: Promise<unknown> = Promise.resolve()

  constructor(private readonly members: readonly FrameDetector[]) {
    if (members.length === 0) throw new RangeError('a detector group needs at least one detector')
  }

  get inFlight(): number {
    return this.members.reduce((n, m) => n + m.inFlight, 0)
  }

  get parallel(): number {
    return this.members.length
  }

  detect(image: RawImage): Promise<Detection[]> {
    const member = this.members.reduce((a, b) => (b.inFlight < a.inFlight ? b : a))
    const result = member.detect(image)
    const inOrder = this.last.then(() => result)
    this.last = inOrder.catch(() => {})
    return inOrder
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.close()))
  }
}
