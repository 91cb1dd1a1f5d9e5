// What recordings may keep: each camera's days (and, recording around events only, nothing no
// event needs), a budget for all cameras together, and a floor of free disk. Oldest first;
// segments overlapping an existing alert's clip window are kept (IOC_RECORDINGS_KEEP_ALERT_CLIPS).
// When even that cannot keep the floor, recording stops (`suspended`) until there is room again.
import type { KeepRule, RecordingsRepository, RecordingStorage, Segment } from '@ioc/db'

export interface RetentionOptions {
  repo: RecordingsRepository
  storage: RecordingStorage
  keep: KeepRule
  budgetBytes: number
  minFreeBytes: number
  log: (line: string) => void
}

export interface SweepResult {
  expired: number
  overBudget: number
  forRoom: number
  bytesFreed: number
  usedBytes: number
  freeBytes: number
  suspended: boolean
}

/** Room regained before recording starts again: 10% above the floor, so it does not flap. */
const RESUME_MARGIN = 1.1

export class RecordingRetention {
  suspended = false
  last: SweepResult | null = null

  constructor(private readonly options: RetentionOptions) {}

  async sweep(): Promise<SweepResult> {
    const { repo, storage, keep, budgetBytes, minFreeBytes } = this.options
    await repo.markEvents()
    let bytesFreed = 0
    const drop = async (segments: readonly Segment[]) => {
      for (const s of segments) await storage.remove(s.file)
      await repo.remove(segments.map((s) => s.id))
      bytesFreed += segments.reduce((sum, s) => sum + s.bytes, 0)
      return segments.length
    }
    let expired = 0
    for (let batch = await repo.expired(keep); batch.length > 0; batch = await repo.expired(keep))
      expired += await drop(batch)
    const overBudget = await this.freeUp(async () => (await repo.usage()).bytes - budgetBytes, drop)
    const forRoom = await this.freeUp(async () => minFreeBytes - (await storage.space()).freeBytes, drop)
    const usedBytes = (await repo.usage()).bytes
    const { freeBytes } = await storage.space()
    const wasSuspended = this.suspended
    if (freeBytes < minFreeBytes) this.suspended = true
    else if (freeBytes >= minFreeBytes * RESUME_MARGIN) this.suspended = false
    if (this.suspended !== wasSuspended)
      this.options.log(
        this.suspended
          ? `recordings: stopped, ${mb(freeBytes)} free (floor ${mb(minFreeBytes)}) and nothing more may go`
          : `recordings: resumed, ${mb(freeBytes)} free`,
      )
    await repo.purgeDiscarded(7)
    this.last = { expired, overBudget, forRoom, bytesFreed, usedBytes, freeBytes, suspended: this.suspended }
    return this.last
  }

  /** Deletes the oldest deletable segments while `excess` says bytes are too many. */
  private async freeUp(
    excess: () => Promise<number>,
    drop: (segments: readonly Segment[]) => Promise<number>,
  ): Promise<number> {
    let dropped = 0
    for (let over = await excess(); over > 0; over = await excess()) {
      const oldest = await this.options.repo.oldest(this.options.keep, 200)
      if (oldest.length === 0) break
      const take: Segment[] = []
      let sum = 0
      for (const s of oldest) {
        take.push(s)
        sum += s.bytes
        if (sum >= over) break
      }
      dropped += await drop(take)
    }
    return dropped
  }
}

export const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`
