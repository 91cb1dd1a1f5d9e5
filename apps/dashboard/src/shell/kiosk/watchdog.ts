/** Heap use (of the limit) past which the page reloads before it degrades. */
export const HEAP_RATIO_LIMIT = 0.75
/** A page older than this reloads at the next quiet moment, leaking or not. */
export const MAX_PAGE_AGE_MS = 24 * 3600_000
/** Quiet: nobody touched the screen for this long (and the caller says nothing is going on). */
export const QUIET_AFTER_MS = 10 * 60_000

export interface WatchdogInput {
  now: number
  startedAt: number
  lastInteraction: number
  /** performance.memory (Chromium only); null elsewhere. */
  memory: { usedJSHeapSize: number; jsHeapSizeLimit: number } | null
  /** E.g. no alert pop-up open: the caller's judgement of "nothing to interrupt". */
  busy: boolean
}

export type WatchdogDecision = { reload: false } | { reload: true; reason: 'memory' | 'age' }

/**
 * Whether to reload now. Memory near the limit reloads at once, even in the middle of things (a
 * page that runs out of memory shows nothing at all); old age waits for a quiet moment.
 */
export function decideReload(input: WatchdogInput): WatchdogDecision {
  const { memory } = input
  if (
    memory &&
    memory.jsHeapSizeLimit > 0 &&
    memory.usedJSHeapSize / memory.jsHeapSizeLimit > HEAP_RATIO_LIMIT
  )
    return { reload: true, reason: 'memory' }
  const quiet = !input.busy && input.now - input.lastInteraction >= QUIET_AFTER_MS
  if (input.now - input.startedAt >= MAX_PAGE_AGE_MS && quiet) return { reload: true, reason: 'age' }
  return { reload: false }
}
