import { Logger } from '@nestjs/common'
import mqtt, { type MqttClient } from 'mqtt'
import { maskUrlPassword } from '@ioc/config'
import { sharedSubscription, streams } from '@ioc/contracts'

/** Handles one message; a promise holds the message's acknowledgement until it settles. */
export type InputHandler = (topic: string, payload: Buffer) => Promise<void> | void

export interface RulesInputOptions {
  url: string
  /** The api replicas' shared-subscription group, or null (the embedded broker has none). */
  shareGroup: string | null
  /**
   * The MQTT client id of a persistent session (IOC_API_INSTANCE), or null for a clean session.
   * With one, what the broker sends while this replica is down, and what it had not acknowledged
   * when it died, is delivered when it comes back under the same id.
   */
  instance: string | null
  onMessage: InputHandler
}

/** How long a stop waits for what is being evaluated before it disconnects. */
const DRAIN_MS = 5_000

/**
 * The rules' own MQTT connection. With a share group, the broker hands each observation and
 * detection event to ONE member of the group, so several api replicas evaluate it once; a separate
 * connection keeps these shared subscriptions apart from the live fan-out, which every replica needs
 * in full on the same topics. The retained device statuses are read whole by every replica (not
 * shared): each one's offline check needs every device's latest status, and the broker hands the
 * retained ones over on subscribing, so a replica that starts late still knows who is offline.
 *
 * At least once, acknowledged after the fact: the streams the rules read are QoS 1, and a
 * message's PUBACK goes only once the alert changes it caused are stored (mqtt.js `handleMessage`,
 * which also takes the next message only then). A replica that dies before that gets the message
 * again, and the alerts' raiseOnce/clearOnce make the second delivery change nothing.
 */
export class RulesInput {
  private readonly logger = new Logger('rules-input')
  private client: MqttClient | null = null
  private lastError: string | null = null
  private inFlight: Promise<void> | null = null
  private markSubscribed!: () => void
  /** Resolves once the broker granted the first subscriptions: from then on nothing is missed. */
  readonly subscribed = new Promise<void>((ok) => (this.markSubscribed = ok))

  constructor(private readonly options: RulesInputOptions) {}

  /** The shared ones: every message on them goes to one replica of the group. */
  get evaluatedFilters(): string[] {
    const raw = [streams.liveObservations.filter, streams.detectionEvents.filter]
    const group = this.options.shareGroup
    return group ? raw.map((f) => sharedSubscription(group, f)) : raw
  }

  get filters(): string[] {
    return [...this.evaluatedFilters, streams.deviceStatus.filter]
  }

  start(): void {
    const { url, instance } = this.options
    const client = mqtt.connect(url, {
      clientId: instance ?? `ioc-api-rules-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      clean: instance === null,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
    })
    this.client = client
    client.handleMessage = (packet, done) => {
      const applied = this.options.onMessage(packet.topic, packet.payload as Buffer)
      if (!applied) return done()
      this.inFlight = applied
      applied.then(
        () => done(),
        (err: Error) => done(err),
      )
    }
    client.on('connect', (connack) => {
      this.lastError = null
      client.subscribe(this.filters, { qos: 1 }, (err) => {
        if (err) return this.logger.error(`cannot subscribe to ${this.filters.join(', ')}: ${err.message}`)
        this.markSubscribed()
        const session = instance
          ? `session ${instance}${connack.sessionPresent ? ' resumed' : ' new'}`
          : 'clean session (set IOC_API_INSTANCE to keep what arrives while this replica is down)'
        this.logger.log(
          `evaluating rules on ${this.filters.join(', ')} from ${maskUrlPassword(url)}, ${session}`,
        )
      })
    })
    client.on('error', (err) => {
      if (this.lastError !== err.message) this.logger.warn(`broker: ${err.message}`)
      this.lastError = err.message
    })
  }

  get connected(): boolean {
    return this.client?.connected ?? false
  }

  /**
   * Leaves the share group first, so that the broker gives the others what this replica would
   * have got (a persistent session that never comes back would otherwise keep its share queued),
   * then lets the message being evaluated be acknowledged, then disconnects.
   */
  async stop(): Promise<void> {
    const client = this.client
    if (!client) return
    if (client.connected) {
      const left = client
        .unsubscribeAsync(this.evaluatedFilters)
        .then(() => this.inFlight)
        .catch(() => {})
      await Promise.race([left, new Promise((ok) => setTimeout(ok, DRAIN_MS).unref())])
    }
    await client.endAsync()
  }
}
