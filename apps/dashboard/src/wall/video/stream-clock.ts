// Maps the video's currentTime to the wall-clock time the ingest stamped on that frame, which is
// the clock detection frames are stamped with (apps/ingest stamps a frame when ffmpeg hands it
// over, and copies the same packets to the media server at that moment).
//
// FLV carries no wall-clock time: ffmpeg starts its timestamps at 0 and mpegts.js rebases them to
// the first frame it receives. What the page can observe is when media arrives: the end of the
// buffered range moves forward as each frame is appended, moments after the ingest handed it on.
// So (arrival time - buffered end) is the offset from media time to wall time plus a transit delay
// that only ever adds: its minimum over a recent window is the best estimate of the offset, and a
// frame delayed on the way (a busy event loop, TCP retransmits) does not shift the boxes.

export interface ClockSample {
  /** Wall-clock ms when the buffered end was read. */
  at: number
  /** The end of the buffered range (s). */
  bufferedEnd: number
}

export interface StreamClockOptions {
  /** How long an observation counts towards the minimum (ms). */
  windowMs?: number
  /**
   * Added to every estimate (ms): the part of the transit that is always there (the relay's hops,
   * the frame's own duration at the buffered end). The clock camera's test measures it.
   */
  biasMs?: number
}

export class StreamClock {
  private readonly windowMs: number
  private readonly biasMs: number
  // offsets kept as a monotonic deque: each later entry has a larger offset or is newer, so the
  // front is the window's minimum
  private readonly offsets: { at: number; offset: number }[] = []
  private lastEnd = -1

  constructor(options: StreamClockOptions = {}) {
    this.windowMs = options.windowMs ?? 10_000
    this.biasMs = options.biasMs ?? 0
  }

  /** Record the buffered end at `at`; only a buffered end that moved forward says when media arrived. */
  observe(sample: ClockSample): void {
    if (!(sample.bufferedEnd > this.lastEnd)) return
    this.lastEnd = sample.bufferedEnd
    const offset = sample.at - sample.bufferedEnd * 1000
    while (this.offsets.length && this.offsets[this.offsets.length - 1]!.offset >= offset) this.offsets.pop()
    this.offsets.push({ at: sample.at, offset })
    while (this.offsets.length > 1 && this.offsets[0]!.at < sample.at - this.windowMs) this.offsets.shift()
  }

  /** The wall-clock ms of the frame at media time `mediaTime` (s), or null before any observation. */
  wallTimeAt(mediaTime: number): number | null {
    const front = this.offsets[0]
    return front ? mediaTime * 1000 + front.offset - this.biasMs : null
  }

  /** A new player starts a new timeline. */
  reset(): void {
    this.offsets.length = 0
    this.lastEnd = -1
  }
}
