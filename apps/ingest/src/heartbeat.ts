import type { MqttClient } from 'mqtt'
import {
  encodeMessage,
  pipelineDetail,
  publishTo,
  streams,
  type PipelineStatus,
  type ServiceStatus,
} from '@ioc/contracts'

/**
 * Publishes this instance's pipeline states, retained, every interval. The will (set at connect,
 * see `heartbeatWill`) tells the api at once when the process dies without saying goodbye.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly client: MqttClient,
    private readonly service: string,
    private readonly instance: string,
    private readonly pipelines: () => Record<string, PipelineStatus>,
  ) {}

  private get params() {
    return { service: this.service, instance: this.instance }
  }

  start(intervalMs = 5000): void {
    this.beat()
    this.timer = setInterval(() => this.beat(), intervalMs)
    this.timer.unref()
  }

  beat(pipelines = this.pipelines()): void {
    const status: ServiceStatus = {
      service: this.service,
      instance: this.instance,
      at: new Date().toISOString(),
      // a status over the contract's limits would be refused whole by the api: cut long details
      pipelines: Object.fromEntries(
        Object.entries(pipelines).map(([name, p]) => [
          name,
          p.detail === undefined ? p : { ...p, detail: pipelineDetail(p.detail) },
        ]),
      ),
    }
    publishTo(this.client, streams.serviceStatus, this.params, status)
  }

  /** A last retained word on a clean stop, so the wall does not show a stopped service as failed. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    const goodbye = encodeMessage(streams.serviceStatus, this.params, null)
    await this.client.publishAsync(goodbye.topic, goodbye.payload as string, goodbye.options)
  }
}

export function heartbeatWill(service: string, instance: string) {
  const status: ServiceStatus = {
    service,
    instance,
    at: new Date().toISOString(),
    pipelines: { process: { ok: false, detail: 'connection lost without a goodbye (crashed or killed)' } },
  }
  const will = encodeMessage(streams.serviceStatus, { service, instance }, status)
  return { topic: will.topic, payload: Buffer.from(will.payload), ...will.options }
}
