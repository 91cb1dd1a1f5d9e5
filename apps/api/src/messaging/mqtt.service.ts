import { randomBytes } from 'node:crypto'
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import mqtt, { type MqttClient } from 'mqtt'
import { maskUrlPassword } from '@ioc/config'
import { decodeMessage, redactUrlCredentials, type Decoded, type MqttStream } from '@ioc/contracts'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { DecodeOnce } from './decode-once.js'

type Handler = (topic: string, payload: Buffer) => void
/** A valid message of a stream: its payload (`null`: a retained one cleared), the topic's ids. */
export type StreamHandler<K extends string, P> = (
  payload: P | null,
  params: Record<K, string>,
  topic: string,
) => void

/**
 * The api's MQTT connection for the live fan-out, camera feeds, KPI values, health and, on a single
 * api, the rules. Where the rules need a connection of their own (rules/rules-input.ts: several
 * replicas or a persistent session), a process has two: the rules take the live observations
 * through a shared subscription (one replica evaluates each) and acknowledge them only once stored,
 * the fan-out takes every one at once; on one MQTT 3.1.1 connection a message delivered for both
 * could not be told from two messages, and the rules' held acknowledgements would hold up the live
 * push behind them. A message that arrives on both is still decoded once (`decode`, DecodeOnce).
 * It reconnects by itself; health reports whether it is up now.
 * Starting does not wait for the broker, so the api answers (degraded) while the broker is down.
 */
@Injectable()
export class MqttService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('mqtt')
  private client: MqttClient | null = null
  private lastError: string | null = null
  private readonly handlers: { filter: string; levels: string[]; qos: 0 | 1; handler: Handler }[] = []
  /** Filters whose subscription the broker granted at least once (see `subscribedTo`). */
  private readonly granted = new Map<string, { done: Promise<void>; mark: () => void }>()
  /**
   * The handlers of each topic seen, so that a message (thousands a second on the live topic)
   * costs one map lookup instead of matching every filter; bounded, since topics carry device ids.
   */
  private readonly routes = new Map<string, Handler[]>()
  private readonly streamHandlers = new Map<MqttStream<string, unknown>, StreamHandler<string, unknown>[]>()
  private invalidCount = 0
  private lastInvalidLog = 0
  /** Streams another connection of this process also receives, decoded once for both. */
  private readonly decodedForBoth = new Set<MqttStream<string, unknown>>()
  private readonly decodeOnce = new DecodeOnce()

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  onModuleInit(): void {
    const url = this.config.mqttUrl
    this.client = mqtt.connect(url, {
      // Unique per connection: replicas often share a pid (1 in every container), and a broker
      // drops the older of two connections with one client id, so they would evict each other.
      clientId: `ioc-api-${process.pid}-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
    })
    this.client.on('connect', () => {
      this.lastError = null
      this.logger.log(`connected to ${maskUrlPassword(url)}`)
      for (const { filter, qos } of this.handlers) this.subscribeNow(filter, qos)
    })
    this.client.on('error', (err) => {
      if (this.lastError !== err.message) this.logger.warn(`broker ${maskUrlPassword(url)}: ${err.message}`)
      this.lastError = err.message
    })
    this.client.on('offline', () => {
      this.lastError ??= 'offline'
    })
    this.client.on('message', (topic, payload) => {
      for (const handler of this.route(topic)) handler(topic, payload)
    })
  }

  /**
   * Messages of `stream`, decoded once however many handlers take them (camera statuses feed the
   * cameras module and the live push); an invalid one is logged, counted and dropped. Subscribed
   * at the stream's QoS unless `qos` lowers it (the first caller's choice holds for all).
   */
  on<K extends string, P>(
    stream: MqttStream<K, P>,
    handler: StreamHandler<K, P>,
    qos: 0 | 1 = stream.qos,
  ): void {
    let handlers = this.streamHandlers.get(stream) as StreamHandler<K, P>[] | undefined
    if (!handlers) {
      const all: StreamHandler<K, P>[] = (handlers = [])
      this.streamHandlers.set(stream, all as StreamHandler<string, unknown>[])
      this.subscribe(
        stream.filter,
        (topic, bytes) => {
          const decoded = this.decode(stream, topic, bytes)
          if (!decoded.ok) return this.invalid(topic, `${decoded.reason}: ${decoded.detail}`)
          for (const h of all) h(decoded.payload, decoded.params, topic)
        },
        qos,
      )
    }
    handlers.push(handler)
  }

  /**
   * The one decode of a message of `stream` in this process: for a stream named by `receivedOnTwoConnections`,
   * the same message arriving on the other connection gets the first decode's result.
   */
  decode<K extends string, P>(stream: MqttStream<K, P>, topic: string, bytes: Uint8Array): Decoded<K, P> {
    return this.decodedForBoth.has(stream as MqttStream<string, unknown>)
      ? this.decodeOnce.decode(stream, topic, bytes)
      : decodeMessage(stream, topic, bytes)
  }

  /** Another connection of this process receives the messages of `stream` too (see `decode`). */
  receivedOnTwoConnections(stream: MqttStream<string, unknown>): void {
    this.decodedForBoth.add(stream)
  }

  /** Of the streams received on two connections: messages decoded, and second arrivals reused. */
  get decodedForBothCounts(): { decoded: number; reused: number } {
    return { ...this.decodeOnce.counts }
  }

  private invalid(topic: string, why: string): void {
    this.invalidCount++
    // at most one line a minute: a broken producer would otherwise fill the log
    if (Date.now() - this.lastInvalidLog < 60_000) return
    this.lastInvalidLog = Date.now()
    this.logger.warn(`${topic}: message refused (${why}); ${this.invalidCount} refused since start`)
  }

  subscribe(filter: string, handler: Handler, qos: 0 | 1 = 1): void {
    this.handlers.push({ filter, levels: filterLevels(filter), qos, handler })
    this.routes.clear()
    if (this.client?.connected) this.subscribeNow(filter, qos)
  }

  private subscribeNow(filter: string, qos: 0 | 1): void {
    this.client?.subscribe(filter, { qos }, (err) => {
      if (!err) this.grantOf(filter).mark()
    })
  }

  private grantOf(filter: string): { done: Promise<void>; mark: () => void } {
    let grant = this.granted.get(filter)
    if (!grant) {
      let mark!: () => void
      const done = new Promise<void>((ok) => (mark = ok))
      this.granted.set(filter, (grant = { done, mark }))
    }
    return grant
  }

  /** Resolves once the broker granted `filter` (what is published after that reaches this connection). */
  subscribedTo(filter: string): Promise<void> {
    return this.grantOf(filter).done
  }

  private route(topic: string): Handler[] {
    let handlers = this.routes.get(topic)
    if (!handlers) {
      const levels = topic.split('/')
      handlers = this.handlers.filter((h) => levelsMatch(h.levels, levels)).map((h) => h.handler)
      if (this.routes.size >= MAX_ROUTES) this.routes.clear()
      this.routes.set(topic, handlers)
    }
    return handlers
  }

  /** Fire and forget: while the broker is away mqtt.js queues it (QoS 1) and sends it on reconnect. */
  publish(
    topic: string,
    payload: string | Uint8Array,
    options: { qos: 0 | 1; retain?: boolean } = { qos: 1 },
  ): void {
    this.client?.publish(topic, payload as string | Buffer, {
      qos: options.qos,
      retain: options.retain ?? false,
    })
  }

  status(): { ok: boolean; url: string; error?: string } {
    // health needs no login, so it shows the broker without any credential at all
    const url = redactUrlCredentials(this.config.mqttUrl)
    if (this.client?.connected) return { ok: true, url }
    return { ok: false, url, error: this.lastError ?? 'connecting' }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.endAsync()
  }
}

const MAX_ROUTES = 10_000

/** A filter's levels, without the `$share/<group>/` prefix (the broker strips it from topics). */
function filterLevels(filter: string): string[] {
  return filter.replace(/^\$share\/[^/]+\//, '').split('/')
}

function levelsMatch(f: readonly string[], t: readonly string[]): boolean {
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false
  }
  return f.length === t.length
}

/** MQTT wildcard match: + is one level, # the rest. */
export function topicMatches(filter: string, topic: string): boolean {
  return levelsMatch(filterLevels(filter), topic.split('/'))
}
