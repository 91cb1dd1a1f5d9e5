import type { MqttClient } from 'mqtt'
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
  log?: (line: string) => void
}

/**
 * MQTT sensor readings in: each message is validated against libs/contracts, then either batched
 * into the readings table and republished as normalised observations, or kept as a dead letter
 * with its reason. No payload can crash or stall it.
 */
export class SensorIngest {
  readonly readings: BatchWriter<ReadingRow>
  readonly deadLetters: BatchWriter<DeadLetterInput>
  readonly devices: DeviceRegistry
  /** Observations coalesced into one live message per 100 ms, not one per reading message. */
  private readonly live: BatchWriter<Observation>
  readonly rejectedByReason: Record<string, number> = {}
  accepted = 0
  private readonly filter: string

  constructor(
    private readonly client: MqttClient,
    private readonly db: Database,
    private readonly options: SensorIngestOptions = {},
  ) {
    const batch = options.batch ?? { maxBatch: 5000, flushMs: 100, maxBuffered: 200_000 }
    this.readings = new BatchWriter({
      ...batch,
      // readings are idempotent rows, so order does not matter: the database stores one batch
      // while the next is on its way
      concurrency: 2,
      sink: (rows) => this.storeReadings(rows),
      log: (l) => options.log?.(`readings: ${l}`),
    })
    this.deadLetters = new BatchWriter({
      maxBatch: 1000,
      flushMs: 200,
      isPermanent: isPermanentDatabaseError,
      // each entry holds at most 4 KB of payload, so a flood of bad messages stays under ~200 MB
      maxBuffered: 50_000,
      sink: (letters) => db.deadLetters.insertBatch(letters),
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
    this.filter = options.shareGroup
      ? sharedSubscription(options.shareGroup, streams.sensorReadings.filter)
      : streams.sensorReadings.filter
  }

  async start(): Promise<void> {
    await this.devices.start()
    this.client.on('message', (topic, payload) => this.handle(topic, payload))
    await this.client.subscribeAsync(this.filter, { qos: 1 })
  }

  handle(topic: string, payload: Buffer, now = Date.now()): void {
    if (!topic.startsWith('ioc/v1/sensors/')) return
    const result = parseSensorPayload(topic, payload, {
      now,
      maxSkewMs: this.options.maxSkewMs ?? 7 * 24 * 3600_000,
      maxBytes: this.options.maxPayloadBytes ?? SENSOR_MAX_PAYLOAD_BYTES,
      knownMetrics,
    })
    if (!result.ok) return this.reject(topic, payload, now, result.reason, result.detail)
    if (!this.devices.admit(result.deviceId, result.readings)) {
      const detail = `device ${result.deviceId} is not registered (POST /api/sensors registers it)`
      return this.reject(topic, payload, now, 'unknown_device', detail)
    }
    this.accepted++
    this.devices.heard(result.deviceId, new Date(now))
    this.readings.add(toRows(result.readings))
    this.live.add(result.readings)
  }

  private reject(
    topic: string,
    payload: Buffer,
    now: number,
    reason: DeadLetterReason,
    detail: string,
  ): void {
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1
    this.deadLetters.add([
      {
        topic,
        reason,
        detail,
        // a copy of the stored part only: a flood of 256 KB payloads must not pile up in memory
        payload: Buffer.from(payload.subarray(0, deadLetterPayloadLimit)),
        payloadSize: payload.length,
        receivedAt: new Date(now),
      },
    ])
  }

  private async storeReadings(rows: ReadingRow[]): Promise<void> {
    await this.db.readings.insertBatch(rows)
  }

  async stop(): Promise<void> {
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
function toRows(observations: readonly Observation[]): ReadingRow[] {
  const rows: ReadingRow[] = new Array(observations.length)
  let lastTs = ''
  let date = new Date(0)
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!
    if (o.ts !== lastTs) {
      lastTs = o.ts
      date = new Date(o.ts)
    }
    rows[i] = { ts: date, deviceId: o.deviceId, metric: o.metric, value: o.value }
  }
  return rows
}
