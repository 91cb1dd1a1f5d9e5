/**
 * Frames of one camera waiting for inference. When inference falls behind, the oldest frame is
 * dropped: the newest is what the wall shows and what tracking needs next, and a queue that
 * grew instead would hold ~700 KB a frame until the process ran out of memory.
 */
export class DropOldestQueue<T> {
  private items: T[] = []
  dropped = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`queue capacity must be >= 1, got ${capacity}`)
  }

  push(item: T): void {
    if (this.items.length >= this.capacity) {
      this.items.shift()
      this.dropped++
    }
    this.items.push(item)
  }

  shift(): T | undefined {
    return this.items.shift()
  }

  clear(): number {
    const n = this.items.length
    this.items = []
    return n
  }

  get length(): number {
    return this.items.length
  }
}
