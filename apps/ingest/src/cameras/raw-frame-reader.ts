// ffmpeg's rawvideo pipe is a byte stream with no framing: a frame is exactly width x height x 3
// bytes, and chunks from the pipe cut frames anywhere. This reassembles whole frames.

export class RawFrameReader {
  private frame: Buffer | null = null
  private filled = 0
  private pending: Buffer[] = []

  constructor(private readonly onFrame: (bgr: Buffer, width: number, height: number) => void) {}

  private width = 0
  private height = 0

  /** The size of the frames, once ffmpeg has said it; bytes that came before are kept until then. */
  setSize(width: number, height: number): void {
    if (width === this.width && height === this.height) return
    this.width = width
    this.height = height
    this.frame = null
    this.filled = 0
    const pending = this.pending
    this.pending = []
    for (const chunk of pending) this.push(chunk)
  }

  push(chunk: Buffer): void {
    if (this.width === 0) {
      this.pending.push(chunk)
      return
    }
    const size = this.width * this.height * 3
    let offset = 0
    while (offset < chunk.length) {
      if (!this.frame) {
        this.frame = Buffer.allocUnsafe(size)
        this.filled = 0
      }
      const n = Math.min(size - this.filled, chunk.length - offset)
      chunk.copy(this.frame, this.filled, offset, offset + n)
      this.filled += n
      offset += n
      if (this.filled === size) {
        const done = this.frame
        this.frame = null
        this.onFrame(done, this.width, this.height)
      }
    }
  }
}
