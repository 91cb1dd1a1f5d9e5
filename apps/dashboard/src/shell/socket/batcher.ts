/** How long items may wait when no animation frame comes (a hidden tab gets none). */
export const MAX_WAIT_MS = 250
/** Items kept at most between two flushes; the oldest are dropped (and counted) beyond. */
export const MAX_PENDING = 50_000

export interface Scheduler {
  /** Calls `run` soon (next animation frame, or a timeout); returns a cancel function. */
  (run: () => void): () => void
}

/** Next animation frame, or MAX_WAIT_MS when the page is hidden and frames stop. */
export const frameScheduler: Scheduler = (run) => {
  const frames = typeof requestAnimationFrame === 'function'
  let done = false
  const stop = () => {
    done = true
    if (frames) cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
  const once = () => {
    if (done) return
    stop()
    run()
  }
  const frame = frames ? requestAnimationFrame(once) : 0
  const timer = setTimeout(once, MAX_WAIT_MS)
  return stop
}

export interface Batcher<T> {
  push(item: T): void
  pushMany(items: readonly T[]): void
  /** Items dropped because more than MAX_PENDING were waiting. */
  dropped(): number
  cancel(): void
}

/**
 * Collects high-rate events (readings, detection frames) and hands them over once a frame, so React
 * renders at most once per frame however many events arrive.
 */
export function createBatcher<T>(
  flush: (items: T[]) => void,
  schedule: Scheduler = frameScheduler,
  maxPending = MAX_PENDING,
): Batcher<T> {
  let pending: T[] = []
  let cancelScheduled: (() => void) | null = null
  let dropped = 0
  const run = () => {
    cancelScheduled = null
    const items = pending
    pending = []
    if (items.length > 0) flush(items)
  }
  const trim = () => {
    if (pending.length > maxPending) {
      dropped += pending.length - maxPending
      pending = pending.slice(pending.length - maxPending)
    }
  }
  const arm = () => {
    cancelScheduled ??= schedule(run)
  }
  return {
    push(item) {
      pending.push(item)
      trim()
      arm()
    },
    pushMany(items) {
      for (const item of items) pending.push(item)
      trim()
      arm()
    },
    dropped: () => dropped,
    cancel() {
      cancelScheduled?.()
      cancelScheduled = null
      pending = []
    },
  }
}
