import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { CamerasRepository, type Database } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import type { SourceInfo } from '../rules/evaluators/target.js'

/** How stale the cached device and camera list may get; new ones are also looked up on first sight. */
const REFRESH_MS = 10_000
/** Unknown ids trigger at most one reload this often, so a flood of unknown ids costs nothing. */
const MISS_RELOAD_MS = 5_000

/**
 * Names, kinds and districts of devices and cameras, cached, for rules (targets, alert titles) and
 * for routing live events to district rooms. Lookups are synchronous so the hot paths never wait on
 * SQL; an unknown id is answered as a bare source and fetched in the background.
 */
@Injectable()
export class SourcesDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('sources')
  private devices = new Map<string, SourceInfo & { lastSeen: Date | null }>()
  private cameras = new Map<string, SourceInfo>()
  private lastMissReload = 0
  private lastLoadStart = 0
  private timer: NodeJS.Timeout | undefined
  private refreshing: Promise<void> | null = null

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly cameraRepo: CamerasRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh()
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS)
    this.timer.unref()
  }

  onModuleDestroy(): void {
    clearInterval(this.timer)
  }

  /** Reloads both lists; failures are logged and the previous lists kept. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = null))
    return this.refreshing
  }

  device(id: string): SourceInfo {
    const known = this.devices.get(id)
    if (known) return known
    this.miss()
    return { sourceType: 'sensor', id, name: id, kind: null, district: null }
  }

  camera(id: string): SourceInfo {
    const known = this.cameras.get(id)
    if (known) return known
    this.miss()
    return { sourceType: 'camera', id, name: id, kind: null, district: null }
  }

  /** The registered camera, or null: no bare stand-in, for callers that must know it exists. */
  knownCamera(id: string): SourceInfo | null {
    return this.cameras.get(id) ?? null
  }

  /** Whether a registered device or camera is in `district`. */
  hasDistrict(district: string): boolean {
    for (const c of this.cameras.values()) if (c.district === district) return true
    for (const d of this.devices.values()) if (d.district === district) return true
    return false
  }

  /**
   * Before answering "no such camera or district" to a client: waits for a reload that began after
   * the question, so that a camera registered a moment ago is found. Questions asked meanwhile
   * share that reload (callers bound how often they ask: the socket event rate limit).
   */
  async recheck(): Promise<void> {
    const asked = performance.now()
    while (this.lastLoadStart < asked) await this.refresh()
  }

  private miss(): void {
    const now = Date.now()
    if (now - this.lastMissReload < MISS_RELOAD_MS) return
    this.lastMissReload = now
    void this.refresh()
  }

  private async load(): Promise<void> {
    this.lastLoadStart = performance.now()
    try {
      // One after the other: the embedded server is happiest with few concurrent statements.
      const devices = await this.db.devices.list()
      const cameras = await this.cameraRepo.list()
      this.devices = new Map(
        devices.map((d) => [
          d.id,
          {
            sourceType: 'sensor',
            id: d.id,
            name: d.name,
            kind: d.kind,
            district: d.district,
            lastSeen: d.lastSeen,
          },
        ]),
      )
      this.cameras = new Map(
        cameras.map((c) => [
          c.id,
          { sourceType: 'camera', id: c.id, name: c.name, kind: c.kind, district: c.district ?? null },
        ]),
      )
    } catch (err) {
      this.logger.warn(
        `cannot refresh devices and cameras (keeping the previous list): ${(err as Error).message}`,
      )
    }
  }
}
