import type { IPublishPacket, ISubscriptionMap, MqttClient } from 'mqtt'
import {
  knownMetrics,
  parseSensorPayload,
  SENSOR_MAX_PAYLOAD_BYTES,
  publishTo,
  sharedSubscription,
  streams,
  type DeadLetterReason,
  type Observation,
} from '@ioc/contracts'
import {
  deadLetterPayloadLimit,
  isPermanentDatabaseError,
  type Database,
  type DeadLetterInput,
  type ReadingRow,
} from '@ioc/db'
import { BatchWriter } from './batch-writer.js'
import { DelayedAcks, type Receipt } from './delayed-acks.js'
import { DeviceRegistry } from './device-registry.js'

export interface SensorIngestOptions {
  /** Several replicas share one group, so each message is handled once. */
  shareGroup?: string
  maxPayloadBytes?: number
  maxSkewMs?: number
  batch?: { maxBatch: number; flushMs: number; maxBuffered: number }
  /** Readings of an unregistered device register it instead of becoming dead letters. */
  autoRegister?: boolean
  /** Silence after which a device is marked offline; 300 s by default. */
  offlineAfterMs?: number
  /**
   * Unacknowledged messages at which the readings are written at once rather than at the next
   * flush: a broker sends a client only so many unacknowledged QoS 1 messages (Mosquitto's
   * max_inflight_messages, 20 by default), so waiting for the timer would cap the rate.
   */
  ackFlushAt?: number
  log?: (line: string) => void
}

/** A row or letter with the receipt of the message it came in (delayed-acks.ts). */
type Receipted<T> = T & { receipt: Receipt | undefined }
const settle = (items: readonly { receipt: Receipt | undefined }[]) => {
  for (const item of items) item.receipt?.done()
}

/**
 * MQTT sensor readings in: each message is validated against libs/contracts, then either batched
 * into the readings table and republished as normalised observations, or kept as a dead letter
 * with its reason. No payload can crash or stall it.
 */
export class SensorIngest {
  readonly readings: BatchWriter<Receipted<ReadingRow>>
  readonly deadLetters: BatchWriter<Receipted<DeadLetterInput>>
  /** PUBACKs sent only once a message's readings or dead letter are written. */
  readonly acks: DelayedAcks
  readonly devices: DeviceRegistry
  /** Observations coalesced into one live message per 100 ms, not one per reading message. */
  private readonly live: BatchWriter<Observation>
  readonly rejectedByReason: Record<string, number> = {}
  accepted = 0
  private readonly filter: string
  /** Messages that came before start() knew the devices, handled by it. */
  private early: [string, Buffer, IPublishPacket][] | null = []

  constructor(
    private readonly client: MqttClient,
    private readonly db: Database,
    private readonly options: SensorIngestOptions = {},
  ) {
    const batch = options.batch ?? { maxBatch: 5000, flushMs: 100, maxBuffered: 200_000 }
    this.readings = new BatchWriter<Receipted<ReadingRow>>({
      ...batch,
      // readings are idempotent rows, so order does not matter: the database stores one batch
      // while the next is on its way
      concurrency: 2,
      sink: (rows) => this.storeReadings(rows),
      onDiscard: settle,
      log: (l) => options.log?.(`readings: ${l}`),
    })
    this.deadLetters = new BatchWriter<Receipted<DeadLetterInput>>({
      maxBatch: 1000,
      flushMs: 200,
      isPermanent: isPermanentDatabaseError,
      // each entry holds at most 4 KB of payload, so a flood of bad messages stays under ~200 MB
      maxBuffered: 50_000,
      sink: async (letters) => {
        await db.deadLetters.insertBatch(letters)
        settle(letters)
      },
      onDiscard: settle,
      log: (l) => options.log?.(`dead letters: ${l}`),
    })
    this.live = new BatchWriter({
      maxBatch: 5000,
      flushMs: 100,
      maxBuffered: 20_000,
      sink: async (batch) => {
        // QoS 1 (the stream's): the rules evaluate every observation, see apps/api rules-input.ts
        publishTo(client, streams.liveObservations, {}, batch)
      },
    })
    this.devices = new DeviceRegistry(db, client, {
      autoRegister: options.autoRegister ?? false,
      offlineAfterMs: options.offlineAfterMs ?? 300_000,
      ...(options.log ? { log: options.log } : {}),
    })
    this.acks = new DelayedAcks(client)
    // at once, before any packet: a persistent session's messages arrive right after the connack,
    // before start() could listen, and mqtt.js acknowledges what nobody listens to
    client.on('message', (topic, payload, packet) => {
      if (!topic.startsWith('ioc/v1/sensors/')) return
      if (this.early) {
        this.acks.receive(packet)
        this.early.push([topic, payload, packet])
      } else this.handle(topic, payload, Date.now(), packet)
    })
    this.filter = options.shareGroup
      ? sharedSubscription(options.shareGroup, streams.sensorReadings.filter)
      : streams.sensorReadings.filter
  }

  async start(): Promise<void> {
    await this.devices.start()
    const early = this.early ?? []
    this.early = null
    for (const [topic, payload, packet] of early) this.handle(topic, payload, Date.now(), packet)
    await this.client.subscribeAsync(this.filter, { qos: 1 })
    // again on every reconnection: a persistent session keeps its subscriptions, but Mosquitto
    // (2.0.11 here) does not restore shared ones from its persistence file after a restart, while
    // saying the session is present (so mqtt.js does not subscribe again by itself)
    this.client.on('connect', this.resubscribe)
  }

  private readonly resubscribe = () => {
    // `resubscribe: true`: mqtt.js skips a filter it believes the session still has
    const again = { [this.filter]: { qos: 1 as const }, resubscribe: true } as unknown as ISubscriptionMap
    this.client.subscribeAsync(again).catch((err: Error) => {
      this.options.log?.(`cannot subscribe to sensor readings again: ${err.message}`)
    })
  }

  /** `packet`: the MQTT packet, whose PUBACK waits until the message is written (QoS 1). */
  handle(topic: string, payload: Buffer, now = Date.now(), packet?: IPublishPacket): void {
    if (!topic.startsWith('ioc/v1/sensors/')) return
    const result = parseSensorPayload(topic, payload, {
      now,
      maxSkewMs: this.options.maxSkewMs ?? 7 * 24 * 3600_000,
      maxBytes: this.options.maxPayloadBytes ?? SENSOR_MAX_PAYLOAD_BYTES,
      knownMetrics,
    })
    if (!result.ok) return this.reject(topic, payload, now, result.reason, result.detail, packet)
    if (!this.devices.admit(result.deviceId, result.readings)) {
      const detail = `device ${result.deviceId} is not registered (POST /api/sensors registers it)`
      return this.reject(topic, payload, now, 'unknown_device', detail, packet)
    }
    this.accepted++
    this.devices.heard(result.deviceId, new Date(now))
    const receipt = packet ? this.acks.receive(packet) : undefined
    receipt?.add(result.readings.length)
    this.readings.add(toRows(result.readings, receipt))
    receipt?.done()
    this.live.add(result.readings)
    this.writeIfAcksWait()
  }

  private writeIfAcksWait(): void {
    if (this.acks.pending >= (this.options.ackFlushAt ?? 10)) {
      this.readings.flushNow()
      this.deadLetters.flushNow()
    }
  }

  private reject(
    topic: string,
    payload: Buffer,
    now: number,
    reason: DeadLetterReason,
    detail: string,
    packet?: IPublishPacket,
  ): void {
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1
    const receipt = packet ? this.acks.receive(packet) : undefined
    receipt?.add(1)
    this.deadLetters.add([
      {
        topic,
        reason,
        detail,
        // a copy of the stored part only: a flood of 256 KB payloads must not pile up in memory
        payload: Buffer.from(payload.subarray(0, deadLetterPayloadLimit)),
        payloadSize: payload.length,
        receivedAt: new Date(now),
        receipt,
      },
    ])
    receipt?.done()
    this.writeIfAcksWait()
  }

  private async storeReadings(rows: Receipted<ReadingRow>[]): Promise<void> {
    await this.db.readings.insertBatch(rows)
    settle(rows)
  }

  async stop(): Promise<void> {
    this.client.off('connect', this.resubscribe)
    await this.client.unsubscribeAsync(this.filter).catch(() => undefined)
    await Promise.all([this.readings.drain(), this.deadLetters.drain(), this.live.drain()])
    await this.devices.stop()
  }
}

/**
 * The metrics of one reading share their ts string (parseSensorPayload formats it once) and here
 * one Date: parsing the same text again for each metric was a tenth of the ingest's CPU, and the
 * writer formats a shared Date once too (readingsCopyText).
 */
function toRows(observations: readonly Observation[], receipt: Receipt | undefined): Receipted<ReadingRow>[] {
  const rows: Receipted<ReadingRow>[] = new Array(observations.length)
  let lastTs = ''
  let date = new Date(0)
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!
    if (o.ts !== lastTs) {
      lastTs = o.ts
      date = new Date(o.ts)
    }
    rows[i] = { ts: date, deviceId: o.deviceId, metric: o.metric, value: o.value, receipt }
  }
  return rows
}
