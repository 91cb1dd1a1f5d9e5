// The sensors of the bench, in their own process: N MQTT connections publishing QoS 1 messages
// of many readings each. Flow control is a window of messages published but not yet stored by
// the ingest (the parent sends `credit`), because Mosquitto silently drops QoS 1 messages beyond
// a subscriber's queue (max_queued_messages, 1000 by default), and the ingest's messages stay in
// it until their PUBACK, sent once they are stored: a flood past it would measure the broker's
// drop policy, not the pipeline. The window stands for the broker's queue of the ingest, which is
// what bounds the messages in the pipeline in production too.
import mqtt, { type MqttClient } from 'mqtt'
import { streams } from '@ioc/contracts'
import { bounded } from './bounded.js'
import type { ChildMessage } from './child.js'
import { deviceOf, nowMs, payloadOf, publisherOf, type Workload } from './workload.js'

export interface RunMessage extends ChildMessage {
  type: 'run'
  phase: string
  from: number
  to: number
  /** Messages per second, or null for as fast as the window lets through. */
  ratePerS: number | null
  timeoutMs: number
}

export class Publishers {
  private clients: MqttClient[] = []
  private workload!: Workload
  private window = 256
  private published = 0
  private stored = 0
  private pump: (() => void) | null = null

  constructor(private readonly send: (m: ChildMessage) => void) {}

  handle(m: ChildMessage): void {
    const fail = (err: Error) => this.send({ type: 'error', message: err.message })
    try {
      if (m.type === 'init') this.init(m).catch(fail)
      else if (m.type === 'run') this.run(m as RunMessage)
      else if (m.type === 'credit') {
        this.stored = m.stored as number
        this.pump?.()
      }
    } catch (err) {
      fail(err as Error)
    }
  }

  private async init(m: ChildMessage): Promise<void> {
    this.workload = m.workload as Workload
    this.window = m.window as number
    for (let i = 0; i < this.workload.publishers; i++) {
      this.clients.push(
        await mqtt.connectAsync(m.url as string, {
          clientId: `${this.workload.runId}-pub${i}`,
          connectTimeout: 10_000,
          reconnectPeriod: 0,
        }),
      )
    }
    this.send({ type: 'connected' })
  }

  private run({ phase, from, to, ratePerS, timeoutMs }: RunMessage): void {
    const w = this.workload
    const count = to - from
    // built before the clock starts, paced phase too: real sensors format their payloads on their
    // own CPUs, and here formatting would take the machine's CPU from the pipeline it measures
    const payloads = Array.from({ length: count }, (_, i) => Buffer.from(payloadOf(w, from + i)))
    const times = new Float64Array(count)
    let next = from
    let acked = 0
    let failed = 0
    let timer: NodeJS.Timeout | null = null
    const deadline = setTimeout(() => {
      this.pump = null
      this.send({
        type: 'error',
        message: `${phase}: ${acked} of ${count} messages acknowledged in ${timeoutMs} ms`,
      })
    }, timeoutMs)
    const t0 = nowMs()
    const pump = () => {
      while (next < to && this.published - this.stored < this.window) {
        if (ratePerS !== null && next - from > ((nowMs() - t0) * ratePerS) / 1000) {
          timer ??= setTimeout(() => {
            timer = null
            this.pump?.()
          }, 1)
          return
        }
        const m = next++
        times[m - from] = nowMs()
        this.published++
        this.clients[publisherOf(w, m)]!.publish(
          // pre-encoded payloads, as devices send them: only the publishing is measured
          streams.sensorReadings.topic({ deviceId: deviceOf(w, m) }),
          payloads[m - from]!,
          { qos: streams.sensorReadings.qos },
          (err) => {
            if (err) failed++
            if (++acked < count) return
            clearTimeout(deadline)
            this.pump = null
            this.send({ type: 'published', phase, times: Array.from(times), failed })
          },
        )
      }
    }
    this.pump = pump
    pump()
  }

  async end(): Promise<void> {
    this.pump = null
    await Promise.all(this.clients.map((c) => bounded(c.endAsync(), 3000).then(() => c.end(true))))
  }
}
