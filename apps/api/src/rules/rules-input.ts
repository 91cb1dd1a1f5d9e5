import { Logger } from '@nestjs/common'
import mqtt, { type MqttClient } from 'mqtt'
import { maskUrlPassword } from '@ioc/config'
import { sharedSubscription, streams } from '@ioc/contracts'

export type InputHandler = (topic: string, payload: Buffer) => void

/**
 * The rules' own MQTT connection. With a share group, the broker hands each observation and
 * detection event to ONE member of the group, so several api replicas evaluate it once; a separate
 * connection keeps these shared subscriptions apart from the live fan-out, which every replica needs
 * in full on the same topics. The retained device statuses are read whole by every replica (not
 * shared): each one's offline check needs every device's latest status, and the broker hands the
 * retained ones over on subscribing, so a replica that starts late still knows who is offline.
 */
export class RulesInput {
  private readonly logger = new Logger('rules-input')
  private client: MqttClient | null = null
  private lastError: string | null = null

  constructor(
    private readonly url: string,
    private readonly shareGroup: string | null,
    private readonly onMessage: InputHandler,
  ) {}

  get filters(): string[] {
    const raw = [streams.liveObservations.filter, streams.detectionEvents.filter]
    const evaluated = this.shareGroup ? raw.map((f) => sharedSubscription(this.shareGroup!, f)) : raw
    return [...evaluated, streams.deviceStatus.filter]
  }

  start(): void {
    this.client = mqtt.connect(this.url, {
      clientId: `ioc-api-rules-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
    })
    this.client.on('connect', () => {
      this.lastError = null
      this.client?.subscribe(this.filters, { qos: 1 }, (err) => {
        if (err) this.logger.error(`cannot subscribe to ${this.filters.join(', ')}: ${err.message}`)
        else
          this.logger.log(`evaluating rules on ${this.filters.join(', ')} from ${maskUrlPassword(this.url)}`)
      })
    })
    this.client.on('error', (err) => {
      if (this.lastError !== err.message) this.logger.warn(`broker: ${err.message}`)
      this.lastError = err.message
    })
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload))
  }

  get connected(): boolean {
    return this.client?.connected ?? false
  }

  async stop(): Promise<void> {
    await this.client?.endAsync()
  }
}
