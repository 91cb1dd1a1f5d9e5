// The readings the bench publishes, derived from a message index alone, so the publisher process,
// the latency tracker and the COPY limit all agree on them without sending them around.
import type { ReadingRow } from '@ioc/db'

export interface Workload {
  /** Prefix of every device id: Mosquitto is shared with other runs and tests. */
  runId: string
  devices: number
  publishers: number
  readingsPerMessage: number
  metrics: readonly string[]
  /** Epoch ms of message 0's first reading. */
  baseMs: number
}

export const rowsPerMessage = (w: Workload) => w.readingsPerMessage * w.metrics.length

export const deviceOf = (w: Workload, message: number) => `${w.runId}-d${message % w.devices}`

/** Publisher (client) that sends this message: each device always uses the same connection. */
export const publisherOf = (w: Workload, message: number) => (message % w.devices) % w.publishers

/**
 * Reading j of message m is at baseMs + m * readingsPerMessage + j: unique per device (indeed
 * globally), so `on conflict do nothing` skips nothing, and a stored row names its message.
 */
export const tsOf = (w: Workload, message: number, j: number) => w.baseMs + message * w.readingsPerMessage + j

export const messageOfTs = (w: Workload, ms: number) => Math.floor((ms - w.baseMs) / w.readingsPerMessage)

const valueOf = (message: number, j: number, k: number) => ((message * 31 + j * 7 + k * 13) % 5000) / 10

/** An array of `{ts, values}` as docs/interfaces.md "MQTT" has it, ISO times as the simulator sends them. */
export function payloadOf(w: Workload, message: number): string {
  const readings = []
  for (let j = 0; j < w.readingsPerMessage; j++) {
    const values: Record<string, number> = {}
    w.metrics.forEach((metric, k) => (values[metric] = valueOf(message, j, k)))
    readings.push({ ts: new Date(tsOf(w, message, j)).toISOString(), values })
  }
  return JSON.stringify(readings)
}

/** The rows the pipeline stores for these messages, in the same order. */
export function rowsOf(w: Workload, fromMessage: number, toMessage: number): ReadingRow[] {
  const rows: ReadingRow[] = []
  for (let m = fromMessage; m < toMessage; m++) {
    const deviceId = deviceOf(w, m)
    for (let j = 0; j < w.readingsPerMessage; j++) {
      const ts = new Date(tsOf(w, m, j))
      w.metrics.forEach((metric, k) => rows.push({ ts, deviceId, metric, value: valueOf(m, j, k) }))
    }
  }
  return rows
}

/** Wall-clock milliseconds with sub-ms precision, comparable across the bench's processes. */
export const nowMs = () => performance.timeOrigin + performance.now()
