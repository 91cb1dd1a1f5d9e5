import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { randomUUID } from 'node:crypto'
import {
  parseServerEvent,
  roomSchema,
  rooms,
  serverEventSchemas,
  streams,
  type AlertChanged,
  type AuthClaims,
  type CameraStatus,
  type DetectionFrame,
  type KpiValue,
  type Observation,
  type Room,
  type ServerEventName,
  type ServerEventPayload,
} from '@ioc/contracts'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { deploymentId } from '../messaging/deployment-id.js'
import { MqttService } from '../messaging/mqtt.service.js'
import { SourcesDirectory } from '../sources/sources-directory.js'
import { ReadingsCoalescer } from './readings-coalescer.js'
import {
  decideRooms,
  rolesNotWatching,
  roomsFor,
  type RoomDecision,
  type RoomDirectory,
} from './room-policy.js'

/**
 * At most one readings batch per client this often. The first reading after a quiet spell goes out
 * at once; under load, readings wait at most this long, and thousands a second become 40 socket
 * messages a second per client.
 */
export const READINGS_WINDOW_MS = 25

/**
 * Alert changes and KPI values happen on one replica (the one that evaluated the rule, took the
 * request or the shared-subscription message); the others hear of them here. Without Redis, they
 * push them to their own clients, which keeps every replica's sockets complete; with the Redis
 * adapter the first push already reached every replica's clients, so they only update their own
 * state (city KPIs). A client that misses an alert change anyway catches up by sequence.
 */
export const liveRelayTopic = (databaseUrl: string) =>
  `ioc/v1/internal/${deploymentId(databaseUrl)}/live-relay`

export interface PushOptions {
  /**
   * Skipped for a client that is behind (unsent packets queued): readings and boxes, whose next
   * batch supersedes this one; never alert changes.
   */
  volatile?: boolean
  /**
   * Clients in these rooms are skipped: they receive the same data through another emit, or their
   * role may not see it (role rooms, see roleRoom).
   */
  except?: string[]
  /**
   * For every replica's clients (through the Socket.IO adapter, Redis when REDIS_URL is set).
   * Without it the push reaches this replica's clients only: what every replica hears from MQTT
   * itself (readings, camera status, boxes, city KPIs) would otherwise arrive once per replica.
   */
  cluster?: boolean
}

/** What other services learn from the live streams, without subscribing and parsing them again. */
export interface LiveObserver {
  observations?(batch: readonly Observation[]): void
  cameraStatus?(status: CameraStatus): void
  detectionFrame?(frame: DetectionFrame): void
  /** Any replica's alert change (this replica's and relayed ones). */
  alertChanged?(change: AlertChanged): void
}

/** What the gateway offers the service: one typed way out to the clients. */
export type LiveSink = <E extends ServerEventName>(
  event: E,
  payload: ServerEventPayload<E>,
  to: Room[],
  options: PushOptions,
) => void

/**
 * Decides what goes to which room; the gateway only delivers. Every module pushes through `push`.
 * Readings, camera status and detection frames come from MQTT on every replica (plain
 * subscriptions), so each replica serves its own clients.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('live')
  private sink: LiveSink | null = null
  private readonly readings = new ReadingsCoalescer()
  private flushTimer: NodeJS.Timeout | undefined
  private lastFlush = 0
  private badPayloads = 0
  private readonly instance = randomUUID()
  private readonly relayTopic: string
  /** With the Redis adapter a cluster push reaches every replica's clients by itself. */
  private readonly adapterSpansReplicas: boolean
  private readonly observers: LiveObserver[] = []
  private lastBadLog = 0

  constructor(
    private readonly mqtt: MqttService,
    private readonly sources: SourcesDirectory,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.relayTopic = liveRelayTopic(config.databaseUrl)
    this.adapterSpansReplicas = config.env.REDIS_URL !== undefined
  }

  observe(observer: LiveObserver): void {
    this.observers.push(observer)
  }

  attach(sink: LiveSink): void {
    this.sink = sink
  }

  /** The one way out: typed event, its payload, the rooms it goes to. */
  push<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    to: Room[],
    options: PushOptions = {},
  ): void {
    this.sink?.(event, payload, to, options)
  }

  alertChanged(change: AlertChanged): void {
    this.pushEverywhere('alert:changed', change, roomsFor(rooms.domain('alerts'), change.alert.district))
    this.notify((o) => o.alertChanged?.(change))
  }

  /** Stored KPI values (REST, CSV, MQTT): to the KPI room, and a district's values to its room. */
  kpiValues(values: readonly KpiValue[]): void {
    for (const v of values)
      this.pushEverywhere(
        'kpi:value',
        v,
        roomsFor(rooms.domain('kpis'), v.scope === 'district' ? v.area : null),
      )
  }

  /** A push for every replica's clients, relayed over MQTT as well (see liveRelayTopic). */
  private pushEverywhere<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    to: Room[],
  ): void {
    this.push(event, payload, to, { cluster: true })
    this.mqtt.publish(this.relayTopic, JSON.stringify({ origin: this.instance, event, payload, to }))
  }

  private relayed(payload: Buffer): void {
    const relay = safeJson(payload) as { origin?: unknown; event?: unknown; payload?: unknown; to?: unknown }
    if (relay?.origin === this.instance) return
    const event = relay?.event as ServerEventName
    const to = Array.isArray(relay?.to) ? relay.to : []
    if (typeof relay?.origin !== 'string' || !Object.hasOwn(serverEventSchemas, event ?? ''))
      return this.bad('relayed live event')
    const parsed = parseServerEvent(event, relay.payload)
    if (!parsed.ok || to.length === 0 || !to.every((r) => roomSchema.safeParse(r).success))
      return this.bad('relayed live event')
    if (event === 'alert:changed') this.notify((o) => o.alertChanged?.(parsed.data as AlertChanged))
    if (!this.adapterSpansReplicas) this.push(event, parsed.data, to as Room[])
  }

  /**
   * Which of `requested` the user may join, given the rooms the connection is in. A camera or
   * district the cached lists lack is looked up again (at most once a second) before it is refused.
   */
  async allowedRooms(
    user: Pick<AuthClaims, 'role' | 'district'>,
    requested: readonly string[],
    joined: ReadonlySet<string>,
  ): Promise<RoomDecision> {
    const directory: RoomDirectory = {
      camera: (id) => {
        const camera = this.sources.knownCamera(id)
        return camera ? { kind: camera.kind ?? '', district: camera.district } : null
      },
      hasDistrict: (district) => this.sources.hasDistrict(district),
    }
    const decision = decideRooms(user, requested, directory, joined)
    if (decision.ok || !decision.denied.some((d) => d.unknown)) return decision
    await this.sources.recheck()
    return decideRooms(user, requested, directory, joined)
  }

  onModuleInit(): void {
    this.mqtt.subscribe(this.relayTopic, (_topic, payload) => this.relayed(payload))
    // QoS 0 here though the stream is QoS 1 (for the rules): live views want the latest values,
    // not a replay of what they missed, and the broker then sends this connection no PUBACK traffic
    this.mqtt.on(
      streams.liveObservations,
      (observations) => {
        if (!observations) return
        this.readings.add(observations)
        this.scheduleFlush()
        this.notify((o) => o.observations?.(observations))
      },
      0,
    )
    this.mqtt.on(streams.cameraStatus, (status) => {
      if (!status) return
      const camera = this.sources.camera(status.cameraId)
      // Only to the roles that watch cameras of its kind (an unknown camera: to those that watch all).
      this.push('camera:status', status, roomsFor(rooms.domain('cameras'), camera.district), {
        except: rolesNotWatching(camera.kind ?? ''),
      })
      this.notify((o) => o.cameraStatus?.(status))
    })
    this.mqtt.on(streams.detections, (frame) => {
      if (!frame) return
      // Boxes go only to the screens showing that camera, and are the first thing a slow one loses.
      this.push('detections:frame', frame, [rooms.camera(frame.cameraId)], { volatile: true })
      this.notify((o) => o.detectionFrame?.(frame))
    })
  }

  onModuleDestroy(): void {
    clearTimeout(this.flushTimer)
  }

  /** Leading edge: flush now if the last flush is a window ago, else once the window has passed. */
  private scheduleFlush(): void {
    if (this.flushTimer) return
    const wait = this.lastFlush + READINGS_WINDOW_MS - performance.now()
    if (wait <= 0) return this.flushReadings()
    this.flushTimer = setTimeout(() => this.flushReadings(), wait)
  }

  private flushReadings(): void {
    this.flushTimer = undefined
    this.lastFlush = performance.now()
    const { observations, dropped } = this.readings.take()
    if (dropped > 0) this.logger.warn(`${dropped} reading series over the per-window bound were dropped`)
    if (observations.length === 0) return
    const domain = rooms.domain('readings')
    this.push('readings:batch', { observations }, [domain], { volatile: true })
    // District rooms get their district's part; clients also in the domain room already have it.
    const byDistrict = new Map<string, Observation[]>()
    for (const o of observations) {
      const district = this.sources.device(o.deviceId).district
      if (district) byDistrict.set(district, [...(byDistrict.get(district) ?? []), o])
    }
    for (const [district, part] of byDistrict)
      this.push('readings:batch', { observations: part }, [rooms.district(district)], {
        volatile: true,
        except: [domain],
      })
  }

  /** An observer's failure is logged, never allowed to break the MQTT handler that called it. */
  private notify(call: (observer: LiveObserver) => void): void {
    for (const o of this.observers)
      try {
        call(o)
      } catch (err) {
        this.logger.error(`live observer failed: ${(err as Error).message}`)
      }
  }

  private bad(what: string): void {
    this.badPayloads++
    const now = Date.now()
    if (now - this.lastBadLog < 60_000) return
    this.lastBadLog = now
    this.logger.warn(`ignored an invalid ${what} (${this.badPayloads} so far)`)
  }
}

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'))
  } catch {
    return undefined
  }
}
