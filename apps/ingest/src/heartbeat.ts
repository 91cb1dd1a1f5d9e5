import type { MqttClient } from 'mqtt'
import { serviceStatusTopics, type PipelineStatus, type ServiceStatus } from '@ioc/contracts'

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
      pipelines,
    }
    this.client.publish(serviceStatusTopics.of(this.service, this.instance), JSON.stringify(status), {
      qos: 1,
      retain: true,
    })
  }

  /** A last retained word on a clean stop, so the wall does not show a stopped service as failed. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.client.publishAsync(serviceStatusTopics.of(this.service, this.instance), '', {
      qos: 1,
      retain: true,
    })
  }
}

export function heartbeatWill(service: string, instance: string) {
  const status: ServiceStatus = {
    service,
    instance,
    at: new Date().toISOString(),
    pipelines: { process: { ok: false, detail: 'connection lost without a goodbye (crashed or killed)' } },
  }
  return {
    topic: serviceStatusTopics.of(service, instance),
    payload: Buffer.from(JSON.stringify(status)),
    qos: 1 as const,
    retain: true,
  }
}
