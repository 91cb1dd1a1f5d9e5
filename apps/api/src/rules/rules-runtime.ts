import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common'
import { streams, type DetectionEvent, type DeviceStatus, type Observation } from '@ioc/contracts'
import { RulesRepository } from '@ioc/db'
import { AlertsService } from '../alerts/alerts.service.js'
import { EscalationService } from '../alerts/escalation/escalation.service.js'
import { EvidenceService } from '../alerts/evidence/evidence.service.js'
import { WebhooksService } from '../alerts/webhooks/webhooks.service.js'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { deploymentId } from '../messaging/deployment-id.js'
import { MqttService } from '../messaging/mqtt.service.js'
import { SourcesDirectory } from '../sources/sources-directory.js'
import { alertTitle } from './evaluators/describe.js'
import { demoRules } from './demo-rules.js'
import { RulesEngine, type Signal } from './evaluators/rules-engine.js'
import { RulesInput } from './rules-input.js'

/** Other replicas' rule edits are picked up within this. */
const RELOAD_POLL_MS = 5_000
/** Offline rules look at the devices' latest statuses this often. */
const OFFLINE_CHECK_MS = 5_000
/** Signals waiting for the database; beyond it new ones are dropped and counted (database down). */
const MAX_PENDING = 10_000
/** A signal the database refused is tried again after this, until it is stored or the api stops. */
const RETRY_MS = 1_000
/** The shared-subscription group of the api replicas of one deployment (see deploymentId). */
export const rulesShareGroup = (databaseUrl: string) => `ioc-api-rules-${deploymentId(databaseUrl)}`

/**
 * Hosts the pure RulesEngine: feeds it observations and detection events from MQTT (the api's one
 * connection on a single api; their own, rules-input.ts, for replicas or a persistent session), runs the
 * offline check on a timer over the devices' retained statuses, reloads rules when the table
 * changes, and hands every signal, in order, to the alerts service.
 */
@Injectable()
export class RulesRuntime implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('rules')
  private readonly engine = new RulesEngine()
  /** The latest status of every device the ingest announced (retained `ioc/v1/devices/+/status`). */
  private readonly statuses = new Map<string, DeviceStatus>()
  /** The rules' own connection, where the api's one does not serve (see the constructor). */
  private readonly input: RulesInput | null
  private readonly demo: boolean
  private version = ''
  private startingSince = 0
  private seeded = false
  private markLoaded!: () => void
  private readonly loaded = new Promise<void>((ok) => (this.markLoaded = ok))
  private timers: NodeJS.Timeout[] = []
  private queue: Promise<void> = Promise.resolve()
  private pending = 0
  private dropped = 0
  private invalidPayloads = 0
  private lastComplaint = 0
  private stopping = false

  constructor(
    private readonly repo: RulesRepository,
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly mqtt: MqttService,
    private readonly alerts: AlertsService,
    private readonly sources: SourcesDirectory,
    private readonly evidence: EvidenceService,
    private readonly escalation: EscalationService,
    private readonly webhooks: WebhooksService,
  ) {
    this.demo = config.env.IOC_DEMO
    // The embedded aedes broker has no shared subscriptions, and the demo runs one api.
    const shareGroup = config.env.MQTT_URL ? rulesShareGroup(config.databaseUrl) : null
    const instance = config.env.IOC_API_INSTANCE || null
    // One api on a clean session: the api's connection serves (it already takes every observation,
    // and a clean session gains nothing from holding acknowledgements). Otherwise the rules need
    // a shared subscription and acknowledgements held until stored: a connection of their own.
    this.input =
      shareGroup || instance
        ? new RulesInput({
            url: config.mqttUrl,
            shareGroup,
            instance,
            onMessage: (topic, payload) => this.onMessage(topic, payload),
          })
        : null
    if (this.input) mqtt.receivedOnTwoConnections(streams.liveObservations)
  }

  onModuleInit(): void {
    // Not awaited, and retried by the poll below until it succeeds: on the embedded database a
    // start-up query of this module was seen never to be answered (pglite-socket), which stalled
    // the whole start when awaited. The api answers (health, login) while the rules load.
    void this.start()
    // Not before the rules are loaded: what the broker kept for this replica's session arrives at
    // once, and an engine without rules would acknowledge it unevaluated.
    if (this.input) void this.loaded.then(() => this.stopping || this.input?.start())
    else this.evaluateOnApiConnection()
    this.timers.push(
      setInterval(() => void this.reloadIfChanged(), RELOAD_POLL_MS),
      setInterval(() => void this.checkOffline(), OFFLINE_CHECK_MS),
    )
  }

  /** Demo rules only when missing, so an operator's edits survive restarts; then the first load. */
  private async start(): Promise<void> {
    // A start whose query was never answered does not block the next attempt for long.
    if (Date.now() - this.startingSince < 10_000) return
    this.startingSince = Date.now()
    try {
      if (this.demo && !this.seeded) {
        const created = await this.repo.createMissing(demoRules)
        this.seeded = true
        if (created.length > 0) this.logger.log(`demo rules created: ${created.join(', ')}`)
      }
      await this.reload()
    } catch (err) {
      this.logger.error(
        `cannot load the rules (retrying every ${RELOAD_POLL_MS / 1000} s): ${(err as Error).message}`,
      )
    } finally {
      this.startingSince = 0
    }
  }

  /** Resolves once the rules (and the demo rules) have been loaded a first time. */
  ready(): Promise<void> {
    return this.loaded
  }

  /** Resolves once the rules are loaded and receive what is published (their subscriptions granted). */
  async evaluating(): Promise<void> {
    await this.loaded
    await (this.input ? this.input.subscribed : this.mqtt.subscribedTo(streams.liveObservations.filter))
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    await this.input?.stop()
    // what is still failing stays unacknowledged: the broker gives it to this replica's session again
    this.stopping = true
    await this.queue
  }

  /** Loads the rules now (after an edit through this replica). */
  async reload(): Promise<void> {
    const version = await this.repo.version()
    const { rules, invalid } = await this.repo.load()
    this.engine.setRules(rules)
    this.version = version
    for (const r of invalid) this.logger.error(`rule ${r.id} is invalid and does not run: ${r.message}`)
    this.logger.log(`${this.engine.activeRules.length} rules enabled of ${rules.length + invalid.length}`)
    if (!this.demo || this.seeded) this.markLoaded()
  }

  private async reloadIfChanged(): Promise<void> {
    if (this.version === '' || (this.demo && !this.seeded)) return this.start()
    try {
      if ((await this.repo.version()) !== this.version) await this.reload()
    } catch (err) {
      this.complain(`cannot check the rules table: ${(err as Error).message}`)
    }
  }

  /**
   * What the rules evaluate, on the api's connection, from the first load of the rules on. QoS 0
   * as the fan-out's subscription of the same stream: on a clean session QoS 1 would keep nothing
   * more. A signal that cannot be stored was already reported; it is not acknowledged to anyone.
   */
  private evaluateOnApiConnection(): void {
    let loaded = false
    void this.loaded.then(() => (loaded = true))
    const reported = () => {}
    this.mqtt.on(
      streams.liveObservations,
      (batch) => {
        if (loaded && batch) this.onObservations(batch)?.catch(reported)
      },
      0,
    )
    this.mqtt.on(streams.detectionEvents, (event) => {
      if (loaded && event) this.onDetectionEvent(event)?.catch(reported)
    })
    this.mqtt.on(streams.deviceStatus, (status, { deviceId }) => this.onDeviceStatus(deviceId, status))
  }

  /**
   * The rules' own connection (rules-input.ts): each message decoded once in the process (the
   * fan-out's decode of the same observations is reused). The promise, when there is one, settles
   * once the message's alert changes are stored: only then is the message acknowledged to the broker.
   */
  private onMessage(topic: string, payload: Buffer): Promise<void> | undefined {
    // the live topic has no wildcard: a string comparison, thousands of times a second
    if (topic === streams.liveObservations.filter) {
      const batch = this.mqtt.decode(streams.liveObservations, topic, payload)
      if (!batch.ok || !batch.payload) return this.invalid(topic, batch)
      return this.onObservations(batch.payload)
    }
    if (streams.deviceStatus.parseTopic(topic)) {
      const status = this.mqtt.decode(streams.deviceStatus, topic, payload)
      if (!status.ok) return this.invalid(topic, status)
      return this.onDeviceStatus(status.params.deviceId, status.payload)
    }
    const event = this.mqtt.decode(streams.detectionEvents, topic, payload)
    if (!event.ok || !event.payload) return this.invalid(topic, event)
    return this.onDetectionEvent(event.payload)
  }

  private onObservations(batch: readonly Observation[]): Promise<void> | undefined {
    return this.enqueue(
      batch.flatMap((obs) => this.engine.onObservation(obs, this.sources.device(obs.deviceId))),
    )
  }

  private onDetectionEvent(event: DetectionEvent): Promise<void> | undefined {
    return this.enqueue(this.engine.onDetection(event, this.sources.camera(event.cameraId)))
  }

  private onDeviceStatus(deviceId: string, status: DeviceStatus | null): undefined {
    if (status) this.statuses.set(deviceId, status)
    else this.statuses.delete(deviceId)
  }

  private async checkOffline(): Promise<void> {
    const offlineRules = this.engine.activeRules.filter((r) => r.kind === 'offline')
    if (offlineRules.length === 0) return
    try {
      const devices = [...this.statuses.values()].map((status) => ({
        ...this.sources.device(status.deviceId),
        status,
      }))
      const active = new Map<string, Set<string>>()
      for (const rule of offlineRules)
        active.set(rule.id, new Set((await this.alerts.repo.activeOf(rule.id)).map((a) => a.sourceId)))
      void this.enqueue(this.engine.offlineSignals(devices, active, Date.now()))
    } catch (err) {
      this.complain(`offline check failed: ${(err as Error).message}`)
    }
  }

  /**
   * Signals are applied one after another, so a raise and its clear reach the database in order.
   * The promise settles when these are stored (or dropped: over MAX_PENDING, or the api stopping).
   */
  private enqueue(signals: Signal[]): Promise<void> | undefined {
    if (signals.length === 0) return undefined
    const stored: Promise<void>[] = []
    for (const signal of signals) {
      if (this.pending >= MAX_PENDING) {
        this.dropped++
        this.complain(`${this.dropped} rule signals dropped: the database is not keeping up`)
        continue
      }
      this.pending++
      const done = this.queue.then(() => this.applyUntilStored(signal)).finally(() => this.pending--)
      // the next signal waits for this one, stored or given up
      this.queue = done.catch(() => {})
      stored.push(done)
    }
    return Promise.all(stored).then(() => {})
  }

  private async applyUntilStored(signal: Signal): Promise<void> {
    for (;;) {
      try {
        return await this.apply(signal)
      } catch (err) {
        this.complain(
          `rule ${signal.rule.id} on ${signal.source.id}: cannot store the alert change (retrying every ${RETRY_MS / 1000} s): ${(err as Error).message}`,
        )
        if (this.stopping) throw err
        await new Promise((ok) => setTimeout(ok, RETRY_MS))
      }
    }
  }

  /** Raise and clear "once": the streams are delivered at least once (rules-input.ts). */
  private async apply(signal: Signal): Promise<void> {
    const { rule, source } = signal
    const key = { sourceType: source.sourceType, sourceId: source.id, ruleId: rule.id }
    if (signal.type === 'clear') {
      await this.alerts.clearOnce(key, signal.at, signal.detail)
      return
    }
    const change = await this.alerts.raiseOnce({
      ...key,
      severity: rule.severity,
      category: rule.category,
      subCategory: rule.subCategory,
      district: source.district,
      title: alertTitle(rule, source),
      description: signal.description,
      at: signal.at,
      detail: signal.detail,
    })
    if (!change) return
    if (signal.event) this.evidence.keep(change, signal.event)
    if (change.action === 'created') this.escalation.watch(change.alert, rule)
    this.webhooks.raised(change, rule)
  }

  private invalid(topic: string, why: { ok: boolean; detail?: string }): undefined {
    this.invalidPayloads++
    const reason = why.ok ? 'empty' : why.detail
    this.complain(`ignored an invalid payload on ${topic}: ${reason} (${this.invalidPayloads} so far)`)
  }

  /** At most one warning a minute: a broken publisher must not drown the log. */
  private complain(message: string): void {
    const now = Date.now()
    if (now - this.lastComplaint < 60_000) return
    this.lastComplaint = now
    this.logger.warn(message)
  }
}
