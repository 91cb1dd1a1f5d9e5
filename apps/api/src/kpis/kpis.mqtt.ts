import { createHash } from 'node:crypto'
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import { formatZodError, sharedSubscription, streams } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { DATABASE } from '../database/database.module.js'
import { MqttService } from '../messaging/mqtt.service.js'
import { parseKpiValueBatch } from './kpi-input.js'
import { KpisService } from './kpis.service.js'

/** A KPI message is a value or up to 1000; anything larger is refused unread. */
const maxPayloadBytes = 256 * 1024

/**
 * KPI values published on ioc/v1/kpis/{kpiId} (streams.kpiValues; payload: the body of POST
 * /api/kpis/{id}/values), parsed by shape (kpi-input.ts) so that a dead letter names the field.
 * Refused messages become dead letters with their reason, never a crash. Against an external
 * broker the api replicas share one subscription, so each message is stored (or refused) once;
 * the embedded aedes has no shared subscriptions and the demo runs one api.
 */
@Injectable()
export class KpisMqtt implements OnModuleInit {
  private readonly logger = new Logger('kpis')
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly mqtt: MqttService,
    private readonly kpis: KpisService,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    const filter = this.config.env.MQTT_URL
      ? sharedSubscription(kpiShareGroup(this.config.databaseUrl), streams.kpiValues.filter)
      : streams.kpiValues.filter
    // one message at a time, in order: a correction published after a value lands after it
    this.mqtt.subscribe(filter, (topic, payload) => {
      this.queue = this.queue
        .then(() => this.handle(topic, payload))
        .catch((err: Error) => {
          this.logger.error(`KPI message on ${topic} not stored: ${err.message}`)
        })
    })
  }

  /** Settles when every message received so far is handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    const kpiId = streams.kpiValues.parseTopic(topic)?.kpiId
    if (!kpiId) return this.refuse(topic, payload, 'schema', 'topic is not ioc/v1/kpis/{kpiId}')
    if (payload.length > maxPayloadBytes)
      return this.refuse(topic, payload, 'too_large', `${payload.length} bytes, at most ${maxPayloadBytes}`)
    let json: unknown
    try {
      json = JSON.parse(payload.toString('utf8'))
    } catch (err) {
      return this.refuse(topic, payload, 'bad_json', (err as Error).message)
    }
    const parsed = parseKpiValueBatch(json)
    if (!parsed.success) return this.refuse(topic, payload, 'schema', formatZodError(parsed.error).message)
    if (!(await this.kpis.exists(kpiId)))
      return this.refuse(topic, payload, 'unknown_kpi', `no KPI "${kpiId}" in the catalog`)
    try {
      await this.kpis.addValues(kpiId, parsed.data, 'mqtt')
    } catch (err) {
      const body = (err as { getResponse?: () => unknown }).getResponse?.() as
        { message?: string } | undefined
      if (body?.message) return this.refuse(topic, payload, 'schema', body.message)
      throw err
    }
  }

  private async refuse(topic: string, payload: Buffer, reason: string, detail: string): Promise<void> {
    this.logger.warn(`dead letter (${reason}) on ${topic}: ${detail}`)
    await this.db.deadLetters.insertBatch([{ topic, reason, detail, payload }])
  }
}

/** One group per deployment (named after its database), so two deployments on a broker stay apart. */
export function kpiShareGroup(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`
  return `ioc-api-kpis-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`
}
