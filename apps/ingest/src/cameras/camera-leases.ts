// The cameras this ingest replica may pull, held by leases in the database (docs/decisions.md,
// "Camera leases"). One round every TTL/3: heartbeat, renew, give back what is above this replica's
// share (ceil(cameras / live replicas)), claim free or expired cameras up to it. Fencing runs on
// this process's own clock, without the database: a camera whose lease was not renewed in time is
// stopped TTL/3 before the lease can expire, so no other replica can pull it while this one does.
import { performance } from 'node:perf_hooks'
import type { CameraLeasesRepository } from '@ioc/db'

export interface CameraLeasesOptions {
  repo: Pick<CameraLeasesRepository, 'heartbeat' | 'renew' | 'shares' | 'claim' | 'release' | 'leave'>
  /** This process's id in ingest_replicas and camera_leases. */
  holder: string
  ttlMs: number
  /** Where the api reaches this replica's media server, written with each heartbeat (null: unsaid). */
  mediaHttpUrl?: string | null
  /** Applies the held set: starts what is newly held, stops what is not (reads the registry). */
  apply: () => Promise<void>
  /** Stops every pipeline whose camera is no longer held, without touching the database. */
  fence: () => Promise<void>
  log: (line: string) => void
}

/** What this replica's leases did since it started (its /metrics). */
export interface LeaseCounts {
  /** Cameras claimed, free or expired. */
  claimed: number
  /** Of those, cameras whose expired lease was another replica's: a dead or cut-off one. */
  takenOver: number
  /** Leases this replica held and lost: not renewed (another took them) or stopped before expiry. */
  lost: number
}

export class CameraLeases {
  /** Camera id to the time (performance.now) until which this replica is sure it holds it. */
  private readonly validUntil = new Map<string, number>()
  readonly counts: LeaseCounts = { claimed: 0, takenOver: 0, lost: 0 }
  private timers: NodeJS.Timeout[] = []
  private rounds: Promise<void> = Promise.resolve()
  private inFlight = false
  private stopped = false
  private lastError: string | null = null

  constructor(private readonly options: CameraLeasesOptions) {}

  holds(cameraId: string): boolean {
    return this.validUntil.has(cameraId)
  }

  held(): string[] {
    return [...this.validUntil.keys()].sort()
  }

  get holder(): string {
    return this.options.holder
  }

  /** One round now, then one every TTL/3 and a fencing check every TTL/20. */
  async start(): Promise<void> {
    await this.round()
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms)
      timer.unref()
      this.timers.push(timer)
    }
    every(this.options.ttlMs / 3, () => void this.round())
    every(Math.max(100, this.options.ttlMs / 20), () => this.checkFence())
  }

  /**
   * One round, or the one in flight: a slow database never lets rounds overlap or pile up.
   * Failures are logged, not thrown.
   */
  round(): Promise<void> {
    if (this.inFlight) return this.rounds
    this.inFlight = true
    this.rounds = this.roundOnce()
      .finally(() => (this.inFlight = false))
      .then(
        () => {
          if (this.lastError)
            this.options.log(`camera leases: database back; holding ${this.validUntil.size}`)
          this.lastError = null
        },
        (err: Error) => {
          if (this.lastError !== err.message)
            this.options.log(`camera leases: cannot renew or claim: ${err.message}`)
          this.lastError = err.message
        },
      )
    return this.rounds
  }

  private async roundOnce(): Promise<void> {
    if (this.stopped) return
    const { repo, holder, ttlMs } = this.options
    // the database's lease ends TTL after it ran the update, which is after this instant
    const sentAt = performance.now()
    await repo.heartbeat(holder, this.options.mediaHttpUrl ?? null)
    const renewed = new Set(await repo.renew(holder, ttlMs))
    if (this.stopped) return
    let changed = false
    const lost = [...this.validUntil.keys()].filter((id) => !renewed.has(id))
    for (const id of lost) this.validUntil.delete(id)
    this.counts.lost += lost.length
    if (lost.length) {
      this.options.log(`camera leases: lost ${lost.join(', ')}; stopping them`)
      await this.options.fence()
    }
    for (const id of renewed) {
      if (!this.validUntil.has(id)) changed = true
      this.validUntil.set(id, sentAt + ttlMs)
    }
    const { cameras, replicas } = await repo.shares(ttlMs)
    const share = Math.ceil(cameras / Math.max(1, replicas))
    const excess = this.validUntil.size - share
    if (excess > 0) {
      // the pipelines stop first: only then may another replica take the cameras
      const given = this.held().slice(-excess)
      for (const id of given) this.validUntil.delete(id)
      await this.options.fence()
      await repo.release(holder, given)
      this.options.log(
        `camera leases: ${replicas} replicas share ${cameras} cameras (${share} each); gave back ${given.join(', ')}`,
      )
    } else if (excess < 0) {
      const taken = await repo.claim(holder, ttlMs, -excess)
      if (this.stopped) return
      const claimed = taken.map((c) => c.cameraId)
      for (const id of claimed) this.validUntil.set(id, sentAt + ttlMs)
      this.counts.claimed += claimed.length
      this.counts.takenOver += taken.filter((c) => c.previous !== null && c.previous !== holder).length
      if (claimed.length) {
        changed = true
        this.options.log(
          `camera leases: claimed ${claimed.join(', ')} (${this.validUntil.size} of ${cameras} held)`,
        )
      }
    }
    if (changed) await this.options.apply()
  }

  /** Stops what could not be renewed while more than TTL/3 is left. */
  private checkFence(): void {
    const deadline = performance.now() + this.options.ttlMs / 3
    const expiring = [...this.validUntil].filter(([, until]) => until <= deadline).map(([id]) => id)
    if (expiring.length === 0) return
    for (const id of expiring) this.validUntil.delete(id)
    this.counts.lost += expiring.length
    this.options.log(`camera leases: not renewed in time, stopping ${expiring.join(', ')} before they expire`)
    void this.options.fence()
  }

  /** Stops the rounds; `leave` gives every lease back once the pipelines have stopped. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers) clearInterval(timer)
    await this.rounds
    this.validUntil.clear()
  }

  async leave(): Promise<void> {
    await this.options.repo.leave(this.options.holder)
  }
}
