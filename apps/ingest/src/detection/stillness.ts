// When has a tracked object stood still for long enough? Pure: no clock, no I/O.
//
// Time inside a zone is not enough: a queue of cars crawling through a lane stays inside for
// minutes without ever stopping, so "stopped in a lane" needs movement too.

export interface StillnessOptions {
  /**
   * Movement of the bottom-centre (source pixels) below which an object counts as standing,
   * as a fraction of its box height: a box jitters by a few percent of its size from frame to
   * frame, and a near car is larger in pixels than a far one, so the tolerance scales with it.
   */
  toleranceOfHeight?: number
}

export interface StillState {
  /** Where the object stood when it last moved (bottom-centre, source pixels) and when. */
  x: number
  y: number
  since: number
  /** Whether a "stopped" event was already given for this stay. */
  reported: boolean
}

export class StillnessWatch {
  private readonly tolerance: number
  private readonly states = new Map<string, StillState>()

  constructor(options: StillnessOptions = {}) {
    this.tolerance = options.toleranceOfHeight ?? 0.25
  }

  /**
   * Feeds one observation of `key` (e.g. track + zone); returns how long it has stood still
   * (same unit as the timestamps) and whether that stay was already reported.
   */
  observe(
    key: string,
    box: readonly [number, number, number, number],
    ts: number,
  ): { stillFor: number; state: StillState } {
    const x = (box[0] + box[2]) / 2
    const y = box[3]
    const limit = Math.max(1, (box[3] - box[1]) * this.tolerance)
    let s = this.states.get(key)
    if (!s || Math.hypot(x - s.x, y - s.y) > limit) {
      s = { x, y, since: ts, reported: false }
      this.states.set(key, s)
    }
    return { stillFor: ts - s.since, state: s }
  }

  /** Forgets every key starting with `prefix` (a removed track), so memory follows live objects only. */
  forget(prefix: string): void {
    for (const key of this.states.keys()) if (key.startsWith(prefix)) this.states.delete(key)
  }

  forgetKey(key: string): void {
    this.states.delete(key)
  }

  get size(): number {
    return this.states.size
  }
}
