import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

/**
 * Liveness from the event loop itself: the longest delay a 20 ms timer saw in the current and the
 * previous window (5 s). A loop stalled past `maxDelayMs` (a blocking computation, a process held
 * by SIGSTOP or a starved CPU) makes the check fail for the next window or two, then it recovers on
 * its own; a loop blocked for good answers no probe at all, which fails it as surely.
 */
export class EventLoopWatch {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 })
  private readonly timer: NodeJS.Timeout
  private previousMaxMs = 0

  constructor(
    private readonly maxDelayMs: number,
    windowMs = 5000,
  ) {
    this.histogram.enable()
    this.timer = setInterval(() => {
      this.previousMaxMs = this.currentMaxMs
      this.histogram.reset()
    }, windowMs)
    this.timer.unref()
  }

  private get currentMaxMs(): number {
    return this.histogram.count > 0 ? this.histogram.max / 1e6 : 0
  }

  check(): { ok: boolean; detail: string } {
    const worst = Math.max(this.previousMaxMs, this.currentMaxMs)
    return {
      ok: worst < this.maxDelayMs,
      detail: `longest event-loop delay of the last 5-10 s: ${Math.round(worst)} ms (limit ${this.maxDelayMs} ms)`,
    }
  }

  stop(): void {
    clearInterval(this.timer)
    this.histogram.disable()
  }
}

/**
 * The bound of a clean stop: once called, the process exits with code 1 after `ms` unless the
 * stop finished first (call the returned function then). A drain that cannot finish (a database
 * that went away) must not keep a replica from being replaced.
 */
export function exitUnlessStoppedWithin(ms: number, log: (line: string) => void): () => void {
  const timer = setTimeout(() => {
    log(`not stopped ${ms / 1000} s after the signal (IOC_SHUTDOWN_TIMEOUT_S); exiting anyway`)
    process.exit(1)
  }, ms)
  timer.unref()
  return () => clearTimeout(timer)
}
