import type { MqttClient } from 'mqtt'
import { parseSensorPayload, sharedSubscription, topicFor, topics, type Observation } from '@ioc/contracts'
import {
  deadLetterPayloadLimit,
  isPermanentDatabaseError,
  type Database,
  type DeadLetterInput,
  type ReadingRow,
} from '@ioc/db'
import { BatchWriter } from './batch-writer.js'

export interface SensorIngestOptions {
  /** Several replicas share one group, so each message is handled once. */
  shareGroup?: string
  maxPayloadBytes?: number
  maxSkewMs?: number
  batch?: { maxBatch: number; flushMs: number; maxBuffered: number }
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
        // QoS 0: live views want the latest values, not a replay of what they missed
        client.publish(topicFor.liveObservations(), JSON.stringify(batch), { qos: 0 })
      },
    })
    this.filter = options.shareGroup
      ? sharedSubscription(options.shareGroup, topics.sensorReadings)
      : topics.sensorReadings
  }

  async start(): Promise<void> {
    this.client.on('message', (topic, payload) => this.handle(topic, payload))
    await this.client.subscribeAsync(this.filter, { qos: 1 })
  }

  handle(topic: string, payload: Buffer, now = Date.now()): void {
    if (!topic.startsWith('ioc/v1/sensors/')) return
    const result = parseSensorPayload(topic, payload, {
      now,
      maxSkewMs: this.options.maxSkewMs ?? 7 * 24 * 3600_000,
      maxBytes: this.options.maxPayloadBytes ?? 256 * 1024,
    })
    if (!result.ok) {
      this.rejectedByReason[result.reason] = (this.rejectedByReason[result.reason] ?? 0) + 1
      this.deadLetters.add([
        {
          topic,
          reason: result.reason,
          detail: result.detail,
          // a copy of the stored part only: a flood of 256 KB payloads must not pile up in memory
          payload: Buffer.from(payload.subarray(0, deadLetterPayloadLimit)),
          payloadSize: payload.length,
          receivedAt: new Date(now),
        },
      ])
      return
    }
    this.accepted++
    this.readings.add(result.readings.map(toRow))
    this.live.add(result.readings)
  }

  private async storeReadings(rows: ReadingRow[]): Promise<void> {
    await this.db.readings.insertBatch(rows)
    const seen = new Map<string, Date>()
    for (const row of rows)
      if ((seen.get(row.deviceId)?.getTime() ?? 0) < row.ts.getTime()) seen.set(row.deviceId, row.ts)
    await this.db.devices.markSeen(seen)
  }

  async stop(): Promise<void> {
    await this.client.unsubscribeAsync(this.filter).catch(() => undefined)
    await Promise.all([this.readings.drain(), this.deadLetters.drain(), this.live.drain()])
  }
}

function toRow(o: Observation): ReadingRow {
  return { ts: new Date(o.ts), deviceId: o.deviceId, metric: o.metric, value: o.value }
}
