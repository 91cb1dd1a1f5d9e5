export interface BatchWriterOptions<T> {
  /** Writes one batch; a rejection keeps the batch buffered and retries it. */
  sink: (batch: T[]) => Promise<void>
  maxBatch: number
  flushMs: number
  /** Items held while the sink is failing; beyond it the oldest are dropped and counted. */
  maxBuffered: number
  retryMinMs?: number
  retryMaxMs?: number
  /**
   * Batches written at once (1 by default: arrival order kept). More lets the database work on one
   * batch while the next is sent, for sinks where order does not matter (idempotent rows). While
   * the sink is failing, only one write (the retry) is in flight whatever this says.
   */
  concurrency?: number
  /**
   * True for an error that retrying cannot cure (the rows themselves are refused). The batch is
   * then halved until the refused items are alone, and only those are dropped and counted, so one
   * bad item never blocks the ones behind it.
   */
  isPermanent?: (err: unknown) => boolean
  /** Told the items that will never be written: dropped from a full buffer, or refused for good. */
  onDiscard?: (items: T[]) => void
  log?: (line: string) => void
}

export interface BatchWriterStats {
  buffered: number
  written: number
  dropped: number
  /** Items the sink refused for good (see `isPermanent`). */
  rejected: number
  failures: number
  lastError: string | null
}

/**
 * Batches by size and by time into one sink call; survives a sink outage with a bounded buffer
 * and exponential retry. One write at a time by default, so batches reach the sink in arrival order.
 */
export class BatchWriter<T> {
  private buffer: T[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly writing = new Set<Promise<void>>()
  private retryMs: number
  private stats: BatchWriterStats = {
    buffered: 0,
    written: 0,
    dropped: 0,
    rejected: 0,
    failures: 0,
    lastError: null,
  }

  constructor(private readonly options: BatchWriterOptions<T>) {
    this.retryMs = options.retryMinMs ?? 200
  }

  add(items: readonly T[]): void {
    for (const item of items) this.buffer.push(item)
    const overflow = this.buffer.length - this.options.maxBuffered
    if (overflow > 0) {
      const dropped = this.buffer.splice(0, overflow)
      this.options.onDiscard?.(dropped)
      this.stats.dropped += overflow
      this.options.log?.(`buffer full (${this.options.maxBuffered}): dropped the ${overflow} oldest`)
    }
    // while the sink is failing, only the retry timer writes: new items must not hammer it
    if (this.buffer.length >= this.options.maxBatch && !this.failing) this.flush()
    if (this.buffer.length > 0) this.schedule(this.options.flushMs)
  }

  /** Starts a write now, with what is buffered, unless the sink is failing or writes are in flight. */
  flushNow(): void {
    if (!this.failing && this.buffer.length > 0) this.flush()
  }

  snapshot(): BatchWriterStats {
    return { ...this.stats, buffered: this.buffer.length }
  }

  /** True while the last write failed and items wait for the sink to come back. */
  get failing(): boolean {
    return this.stats.lastError !== null
  }

  /** Writes everything buffered (for a clean stop); gives up after `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs
    while ((this.buffer.length > 0 || this.writing.size > 0) && Date.now() < until) {
      if (this.writing.size === 0) this.flush()
      await (this.writing.size > 0 ? Promise.race(this.writing) : new Promise((r) => setTimeout(r, 50)))
      if (this.failing) await new Promise((r) => setTimeout(r, Math.min(this.retryMs, 500)))
    }
    if (this.timer) clearTimeout(this.timer)
  }

  /** How many writes may be in flight now: one (the retry) while the sink fails. */
  private get capacity(): number {
    return this.failing ? 1 : Math.max(1, this.options.concurrency ?? 1)
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.writing.size >= this.capacity) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, delayMs)
  }

  /** Starts as many batches as capacity allows (full ones first; a partial one on the timer). */
  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while (this.buffer.length > 0 && this.writing.size < this.capacity) {
      this.write(this.buffer.splice(0, this.options.maxBatch))
      if (this.buffer.length < this.options.maxBatch) break
    }
  }

  private write(batch: T[]): void {
    const writing: Promise<void> = this.writeIsolating(batch)
      .then(() => {
        if (this.stats.lastError)
          this.options.log?.(`sink is back; ${this.buffer.length} items still buffered`)
        this.stats.lastError = null
        this.retryMs = this.options.retryMinMs ?? 200
      })
      .catch((err: unknown) => {
        const unwritten = err instanceof Unwritten ? err : new Unwritten(err, batch)
        // back to the front, so order is kept and nothing is lost while within the bound
        this.buffer.unshift(...unwritten.items)
        this.stats.failures++
        const message =
          unwritten.reason instanceof Error ? unwritten.reason.message : String(unwritten.reason)
        if (this.stats.lastError !== message) this.options.log?.(`write failed, retrying: ${message}`)
        this.stats.lastError = message
      })
      .finally(() => {
        this.writing.delete(writing)
        if (this.buffer.length === 0) return
        const delay = this.failing
          ? this.retryMs
          : this.buffer.length >= this.options.maxBatch
            ? 0
            : this.options.flushMs
        if (this.failing) this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs ?? 5000)
        this.schedule(delay)
      })
    this.writing.add(writing)
  }

  /**
   * Writes a batch; when the sink refuses it for good, halves it until the refused items stand
   * alone and drops only those. A transient failure throws `Unwritten` with what is still unwritten.
   */
  private async writeIsolating(batch: T[]): Promise<void> {
    try {
      await this.options.sink(batch)
      this.stats.written += batch.length
      return
    } catch (err) {
      if (!this.options.isPermanent?.(err)) throw new Unwritten(err, batch)
      if (batch.length === 1) {
        this.stats.rejected++
        this.options.onDiscard?.(batch)
        this.options.log?.(`refused for good, dropped: ${err instanceof Error ? err.message : String(err)}`)
        return
      }
    }
    const half = Math.ceil(batch.length / 2)
    const second = batch.slice(half)
    try {
      await this.writeIsolating(batch.slice(0, half))
    } catch (err) {
      throw err instanceof Unwritten ? new Unwritten(err.reason, [...err.items, ...second]) : err
    }
    await this.writeIsolating(second)
  }
}

/** A transient failure, with the items of the batch that were not written. */
class Unwritten<T> extends Error {
  constructor(
    readonly reason: unknown,
    readonly items: T[],
  ) {
    super('batch not written')
  }
}
