import type { MqttClient } from 'mqtt'
import { metricCatalog, publishTo, streams, type DeviceKind, type DeviceStatus } from '@ioc/contracts'
import type { LogLine } from '@ioc/config'
import type { Database, DeviceLiveness } from '@ioc/db'

export interface DeviceRegistryOptions {
  /** Readings of an unknown device register it instead of being refused. */
  autoRegister: boolean
  /** A device silent this long is marked offline. */
  offlineAfterMs: number
  /** How often the known ids are reloaded (devices added through the api) and liveness is swept. */
  tickMs?: number
  log?: LogLine
}

/**
 * Who may send readings, and who is online. The hot path (`admit`, `heard`) only touches memory;
 * the database is read and written on a tick, so a slow database never slows message handling.
 * Liveness transitions are decided in the database (see DevicesRepository.markSeen), so several
 * ingest replicas announce each of them once.
 */
export class DeviceRegistry {
  private known = new Set<string>()
  private readonly toRegister = new Map<string, string[]>()
  private heardSince = new Map<string, Date>()
  private timer: NodeJS.Timeout | null = null
  private ticking: Promise<void> | null = null
  lastError: string | null = null

  constructor(
    private readonly db: Database,
    private readonly client: MqttClient,
    private readonly options: DeviceRegistryOptions,
  ) {}

  async start(): Promise<void> {
    this.known = new Set(await this.db.devices.ids())
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1000)
    this.timer.unref()
  }

  /**
   * True when readings of this device are accepted (known, or just auto-registered). Takes the
   * readings, not their metric names: the names are only needed, once, to register a new device.
   */
  admit(deviceId: string, readings: readonly { metric: string }[]): boolean {
    if (this.known.has(deviceId)) return true
    if (!this.options.autoRegister) return false
    this.known.add(deviceId)
    this.toRegister.set(deviceId, [...new Set(readings.map((r) => r.metric))])
    this.options.log?.(`device ${deviceId} registered on its first reading (IOC_AUTO_REGISTER_DEVICES)`, {
      deviceId,
    })
    return true
  }

  /** Receive time, not the readings' own time: a device replaying old readings is alive now. */
  heard(deviceId: string, at: Date): void {
    this.heardSince.set(deviceId, at)
  }

  get size(): number {
    return this.known.size
  }

  /** One round of database work; never two at once, and a failure keeps what it could not write. */
  tick(now = new Date()): Promise<void> {
    this.ticking ??= this.work(now).finally(() => (this.ticking = null))
    return this.ticking
  }

  private async work(now: Date): Promise<void> {
    const registering = [...this.toRegister]
    const heard = this.heardSince
    this.heardSince = new Map()
    try {
      if (registering.length > 0) {
        await this.db.devices.registerUnknown(registering.map(([id, metrics]) => describe(id, metrics)))
        for (const [id] of registering) this.toRegister.delete(id)
      }
      this.announce(await this.db.devices.markSeen(heard), true, now)
      const silentSince = new Date(now.getTime() - this.options.offlineAfterMs)
      this.announce(await this.db.devices.markSilentOffline(silentSince), false, now)
      // ids added through the api since the last tick; the ones registered here stay known
      for (const id of await this.db.devices.ids()) this.known.add(id)
      if (this.lastError) this.options.log?.('device registry: database reachable again')
      this.lastError = null
    } catch (err) {
      for (const [id, at] of heard) if (!this.heardSince.has(id)) this.heardSince.set(id, at)
      const message = (err as Error).message
      if (message !== this.lastError) this.options.log?.(`device registry: ${message} (will retry)`)
      this.lastError = message
    }
  }

  private announce(devices: DeviceLiveness[], online: boolean, now: Date): void {
    for (const device of devices) {
      const status: DeviceStatus = {
        deviceId: device.id,
        online,
        lastSeen: device.lastSeen?.toISOString() ?? null,
        ts: now.toISOString(),
      }
      // retained: a rules engine or a map that starts later still learns who is offline
      publishTo(this.client, streams.deviceStatus, { deviceId: device.id }, status)
      if (!online)
        this.options.log?.(`device ${device.id} offline: silent since ${status.lastSeen ?? 'ever'}`, {
          deviceId: device.id,
        })
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.tick()
  }
}

/** An auto-registered device: kind from its first known metric, the id as its name until renamed. */
function describe(id: string, metrics: string[]) {
  const kind = metrics
    .map((m) => metricCatalog[m as keyof typeof metricCatalog]?.deviceKind)
    .find((k): k is DeviceKind => k !== undefined)
  return { id, kind: kind ?? 'weather', name: id, lat: null, lon: null, district: null, metrics }
}
