import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { rooms, type CityKpis, type DetectionFrame, type Observation, type Room } from '@ioc/contracts'
import { AlertsRepository, CamerasRepository, type Database } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import { LiveService } from '../live/live.service.js'
import { SourcesDirectory } from '../sources/sources-directory.js'
import { aqiByDistrict } from './district-aqi.js'
import { share } from './online-share.js'
import { vehiclesPerMinute, type MinuteCount } from './vehicle-flow.js'
import { WindowedMeans } from './windowed-means.js'
import { personsInZones, type ZoneShape } from './zone-occupancy.js'

/** Clients get the indicators at most this often, and only when one of them changed. */
export const CITY_KPIS_PUSH_MS = 1_000
/** Counts, cameras, devices and alert figures are read from the database this often. */
const DB_REFRESH_MS = 5_000
/** A camera that sent no boxes for this long no longer says how many persons stand in its zones. */
const ZONE_STALE_MS = 30_000
const AQI_WINDOW_MS = 60 * 60_000
const AQI_BUCKET_MS = 60_000
const MTTA_WINDOW_MS = 24 * 60 * 60_000
/** Cameras remembered from MQTT at most: ids come off the wire, memory must not follow them. */
const MAX_CAMERAS = 10_000
const AIR_METRICS = new Set(['pm25', 'pm10'])
/** Camera states in which video still arrives (degraded: slower or with errors, but watchable). */
const UP_STATES = new Set(['online', 'degraded'])

type OpenAlerts = CityKpis['openAlertsBySeverity']
const NO_ALERTS: OpenAlerts = { critical: 0, major: 0, minor: 0, warning: 0, info: 0 }

interface AlertFigures {
  openAlertsBySeverity: OpenAlerts
  meanTimeToAcknowledgeSeconds: number | null
}

interface DbFigures {
  counts: MinuteCount[]
  cameras: { id: string; district: string; enabled: boolean; zones: ZoneShape[] }[]
  devices: { district: string | null; online: boolean }[]
  province: AlertFigures
  districts: Map<string, AlertFigures>
}

const alertFigures = (f: {
  activeBySeverity: Partial<OpenAlerts>
  meanTimeToAcknowledgeSeconds: number | null
}) => ({
  openAlertsBySeverity: { ...NO_ALERTS, ...f.activeBySeverity },
  meanTimeToAcknowledgeSeconds:
    f.meanTimeToAcknowledgeSeconds === null ? null : Math.round(f.meanTimeToAcknowledgeSeconds),
})

/**
 * Keeps the live city indicators current: what arrives on MQTT (air quality readings, camera
 * states, detection boxes) through LiveService's observers, the rest from the database every few
 * seconds and right after an alert changes. Each replica computes its own from the same streams
 * and pushes to its own clients only: the province's figures to `domain:kpis`, and each district's
 * own figures (same document, restricted to it) to its district room for district staff.
 */
@Injectable()
export class CityKpisService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('city-kpis')
  private readonly air = new WindowedMeans(AQI_WINDOW_MS, AQI_BUCKET_MS)
  private readonly cameraStates = new Map<string, string>()
  /** The latest boxes of each camera; zones are applied when the figures are computed (1/s, not 5/s). */
  private readonly frames = new Map<string, DetectionFrame>()
  private db_: DbFigures | null = null
  private lastDbRead = 0
  private alertsChanged = false
  private reading: Promise<void> | null = null
  /** The figures last pushed per room, without their timestamp. */
  private readonly lastPushed = new Map<string, string>()
  private timer: NodeJS.Timeout | undefined

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly live: LiveService,
    private readonly sources: SourcesDirectory,
    private readonly camerasRepo: CamerasRepository,
    private readonly alertsRepo: AlertsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.live.observe({
      observations: (batch) => this.addObservations(batch),
      cameraStatus: (status) => {
        if (this.cameraStates.has(status.cameraId) || this.cameraStates.size < MAX_CAMERAS)
          this.cameraStates.set(status.cameraId, status.state)
      },
      detectionFrame: (frame) => this.addFrame(frame),
      alertChanged: () => (this.alertsChanged = true),
    })
    await this.refreshDb()
    this.timer = setInterval(() => void this.tick(), CITY_KPIS_PUSH_MS)
    this.timer.unref()
  }

  onModuleDestroy(): void {
    clearInterval(this.timer)
  }

  /**
   * The indicators now (GET /api/kpis/live): the province's, or a district's for its staff. Reads
   * the database first if it has not yet.
   */
  async current(district: string | null = null): Promise<CityKpis> {
    if (!this.db_) await this.refreshDb()
    return this.compute(new Date(), district)
  }

  private addObservations(batch: readonly Observation[]): void {
    const now = Date.now()
    for (const o of batch)
      if (AIR_METRICS.has(o.metric))
        this.air.add(`${o.deviceId}\u0000${o.metric}`, Date.parse(o.ts), o.value, now)
  }

  private addFrame(frame: DetectionFrame): void {
    if (this.frames.has(frame.cameraId) || this.frames.size < MAX_CAMERAS)
      this.frames.set(frame.cameraId, frame)
  }

  private async tick(): Promise<void> {
    if (this.alertsChanged || Date.now() - this.lastDbRead >= DB_REFRESH_MS) await this.refreshDb()
    const now = new Date()
    const province = rooms.domain('kpis')
    this.pushIfChanged(province, this.compute(now, null), [])
    const districts = new Set<string>([
      ...(this.db_?.cameras.map((c) => c.district) ?? []),
      ...(this.db_?.devices.flatMap((d) => (d.district ? [d.district] : [])) ?? []),
      ...(this.db_?.districts.keys() ?? []),
    ])
    // province-wide users in a district room already have everything from domain:kpis
    for (const d of districts) this.pushIfChanged(rooms.district(d), this.compute(now, d), [province])
  }

  private pushIfChanged(room: Room, kpis: CityKpis, except: Room[]): void {
    // the timestamp changes every second; only a change of a figure is worth a message
    const figures = JSON.stringify({ ...kpis, ts: null })
    if (figures === this.lastPushed.get(room)) return
    this.lastPushed.set(room, figures)
    this.live.push('kpis:city', kpis, [room], { except })
  }

  /** One read at a time; a failed read keeps the previous figures (logged once per failure). */
  private refreshDb(): Promise<void> {
    this.reading ??= this.readDb()
      .then((figures) => {
        this.db_ = figures
      })
      .catch((err: Error) => this.logger.warn(`city KPIs kept from the last read: ${err.message}`))
      .finally(() => {
        this.reading = null
        this.lastDbRead = Date.now()
      })
    return this.reading
  }

  private async readDb(): Promise<DbFigures> {
    this.alertsChanged = false
    const now = Date.now()
    // one after the other: the embedded server is happiest with few concurrent statements
    const counts = await this.db.counts.since(new Date(now - 3 * 60_000))
    const cameras = await this.camerasRepo.list()
    const devices = await this.db.devices.list()
    const from = new Date(now - MTTA_WINDOW_MS)
    const stats = await this.alertsRepo.stats({ from: from.toISOString() })
    const byDistrict = await this.alertsRepo.byDistrict(from)
    return {
      counts,
      cameras: cameras.map((c) => ({ id: c.id, district: c.district, enabled: c.enabled, zones: c.zones })),
      devices: devices.map((d) => ({ district: d.district, online: d.online })),
      province: alertFigures(stats),
      districts: new Map(byDistrict.map((d) => [d.district, alertFigures(d)])),
    }
  }

  private personsInZones(now: number, cameras: DbFigures['cameras']): CityKpis['personsInZones'] {
    const out: CityKpis['personsInZones'] = []
    for (const camera of cameras) {
      const frame = this.frames.get(camera.id)
      if (!frame || camera.zones.length === 0) continue
      if (now - Date.parse(frame.ts) > ZONE_STALE_MS) {
        this.frames.delete(camera.id)
        continue
      }
      for (const [zoneId, count] of personsInZones(frame, camera.zones))
        out.push({ cameraId: camera.id, zoneId, count, ts: frame.ts })
    }
    return out
  }

  /** The whole province (district null) or one district: its cameras, stations, devices, alerts. */
  private compute(now: Date, district: string | null): CityKpis {
    const figures = this.db_
    const inScope = (d: string | null) => district === null || d === district
    const cameras = (figures?.cameras ?? []).filter((c) => inScope(c.district))
    const cameraIds = new Set(cameras.map((c) => c.id))
    const enabled = cameras.filter((c) => c.enabled)
    const up = enabled.filter((c) => UP_STATES.has(this.cameraStates.get(c.id) ?? 'offline')).length
    const devices = (figures?.devices ?? []).filter((d) => inScope(d.district))
    const t = now.getTime()
    const deviceIds = new Set(this.air.keys().map((k) => k.split('\u0000')[0]!))
    const stations = [...deviceIds]
      .map((id) => ({
        district: this.sources.device(id).district,
        pm25: this.air.mean(`${id}\u0000pm25`, t),
        pm10: this.air.mean(`${id}\u0000pm10`, t),
      }))
      .filter((s) => inScope(s.district))
    const alerts =
      district === null
        ? figures?.province
        : (figures?.districts.get(district) ??
          alertFigures({ activeBySeverity: {}, meanTimeToAcknowledgeSeconds: null }))
    return {
      ts: now.toISOString(),
      vehiclesPerMinute: vehiclesPerMinute(
        (figures?.counts ?? []).filter((c) => cameraIds.has(c.cameraId)),
        now,
      ),
      personsInZones: this.personsInZones(t, cameras),
      aqiByDistrict: aqiByDistrict(stations),
      camerasOnline: share(up, enabled.length),
      sensorsOnline: share(devices.filter((d) => d.online).length, devices.length),
      openAlertsBySeverity: alerts?.openAlertsBySeverity ?? NO_ALERTS,
      meanTimeToAcknowledgeSeconds: alerts?.meanTimeToAcknowledgeSeconds ?? null,
    }
  }
}
