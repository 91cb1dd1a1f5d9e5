import mqtt, { type MqttClient } from 'mqtt'
import { publishTo, streams } from '@ioc/contracts'
import { metricAt } from './curves.js'
import type { SimulatedDevice } from './fleet.js'

export interface SensorSimulatorOptions {
  brokerUrl: string
  devices: SimulatedDevice[]
  intervalMs: number
  /** Each device logs in as itself, as real devices do. */
  passwordOf: (deviceId: string) => string
  log?: (line: string) => void
}

/** The payload a device sends at time t: `{ts, values}` as in docs/interfaces.md "MQTT". */
export function readingPayload(
  device: SimulatedDevice,
  t: number,
): { ts: string; values: Record<string, number> } {
  const values: Record<string, number> = {}
  for (const metric of device.metrics) values[metric] = metricAt[metric]!({ t, seed: device.seed })
  return { ts: new Date(t).toISOString(), values }
}

/** One MQTT connection per device, each publishing its readings every interval with QoS 1. */
export class SensorSimulator {
  private readonly clients = new Map<string, MqttClient>()
  private timer: NodeJS.Timeout | null = null
  published = 0
  failed = 0

  constructor(private readonly options: SensorSimulatorOptions) {}

  async start(): Promise<void> {
    const { brokerUrl, devices, passwordOf, log } = this.options
    for (const device of devices) {
      const client = mqtt.connect(brokerUrl, {
        clientId: `sim-${device.id}`,
        username: device.id,
        password: passwordOf(device.id),
        reconnectPeriod: 2000,
        clean: false,
      })
      client.on('error', (err) => log?.(`${device.id}: ${err.message}`))
      this.clients.set(device.id, client)
    }
    this.timer = setInterval(() => this.tick(Date.now()), this.options.intervalMs)
    this.timer.unref()
    this.tick(Date.now())
  }

  tick(t: number): void {
    for (const device of this.options.devices) {
      const client = this.clients.get(device.id)
      if (!client) continue
      // while offline, mqtt.js queues QoS 1 messages and sends them on reconnect, like a device with a buffer
      publishTo(client, streams.sensorReadings, { deviceId: device.id }, readingPayload(device, t), (err) => {
        if (err) this.failed++
        else this.published++
      })
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all([...this.clients.values()].map((c) => c.endAsync()))
    this.clients.clear()
  }
}
