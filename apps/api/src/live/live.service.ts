import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { randomUUID } from 'node:crypto'
import {
  alertChangedSchema,
  cameraStatusSchema,
  detectionFrameSchema,
  observationBatchSchema,
  parseCameraTopic,
  rooms,
  topics,
  type AlertChanged,
  type AuthClaims,
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
import { decideRooms, roomsFor, type RoomDecision } from './room-policy.js'

/**
 * At most one readings batch per client this often. The first reading after a quiet spell goes out
 * at once; under load, readings wait at most this long, and thousands a second become 40 socket
 * messages a second per client.
 */
export const READINGS_WINDOW_MS = 25

/**
 * Alert changes happen on one replica (the one that evaluated the rule or took the request); the
 * others hear of them here and push them to their own clients. Without Redis, this is what keeps
 * every replica's sockets complete; a client that misses one anyway catches up by sequence.
 */
export const alertChangesTopic = (databaseUrl: string) =>
  `ioc/v1/internal/${deploymentId(databaseUrl)}/alert-changes`

export interface PushOptions {
  /**
   * Skipped for a client that is behind (unsent packets queued): readings and boxes, whose next
   * batch supersedes this one; never alert changes.
   */
  volatile?: boolean
  /** Clients in these rooms are skipped (they receive the same data through another emit). */
  except?: Room[]
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
  private readonly alertChanges: string
  private lastBadLog = 0

  constructor(
    private readonly mqtt: MqttService,
    private readonly sources: SourcesDirectory,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.alertChanges = alertChangesTopic(config.databaseUrl)
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
    this.pushAlertChange(change)
    this.mqtt.publish(this.alertChanges, JSON.stringify({ origin: this.instance, change }))
  }

  private pushAlertChange(change: AlertChanged): void {
    this.push('alert:changed', change, roomsFor(rooms.domain('alerts'), change.alert.district))
  }

  allowedRooms(user: Pick<AuthClaims, 'district'>, requested: readonly string[]): RoomDecision {
    return decideRooms(user, requested, (id) => this.sources.camera(id).district)
  }

  onModuleInit(): void {
    this.mqtt.subscribe(this.alertChanges, (_topic, payload) => {
      const relayed = safeJson(payload) as { origin?: unknown; change?: unknown } | undefined
      if (relayed?.origin === this.instance) return
      const parsed = alertChangedSchema.safeParse(relayed?.change)
      if (!parsed.success || typeof relayed?.origin !== 'string') return this.bad('relayed alert change')
      this.pushAlertChange(parsed.data)
    })
    this.mqtt.subscribe(topics.liveObservations, (_topic, payload) => {
      const parsed = observationBatchSchema.safeParse(safeJson(payload))
      if (!parsed.success) return this.bad('observation batch')
      this.readings.add(parsed.data)
      this.scheduleFlush()
    })
    this.mqtt.subscribe(topics.cameraStatus, (_topic, payload) => {
      const parsed = cameraStatusSchema.safeParse(safeJson(payload))
      if (!parsed.success) return this.bad('camera status')
      const district = this.sources.camera(parsed.data.cameraId).district
      this.push('camera:status', parsed.data, roomsFor(rooms.domain('cameras'), district))
    })
    this.mqtt.subscribe(topics.detections, (topic, payload) => {
      const parsed = detectionFrameSchema.safeParse(safeJson(payload))
      if (!parsed.success || parseCameraTopic(topic)?.cameraId !== parsed.data.cameraId)
        return this.bad('detection frame')
      // Boxes go only to the screens showing that camera, and are the first thing a slow one loses.
      this.push('detections:frame', parsed.data, [rooms.camera(parsed.data.cameraId)], { volatile: true })
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

  private bad(what: string): void {
    this.badPayloads++
    const now = Date.now()
    if (now - this.lastBadLog < 60_000) return
    this.lastBadLog = now
    this.logger.warn(`ignored an invalid ${what} from MQTT (${this.badPayloads} invalid payloads so far)`)
  }
}

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'))
  } catch {
    return undefined
  }
}
