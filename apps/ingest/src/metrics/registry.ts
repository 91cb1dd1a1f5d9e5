// The ingest's one Prometheus registry, served at GET /metrics of its HTTP server (ops/ops-server.ts).
// A module of its own so that any part of the ingest adds its series without knowing the server:
//   new Counter({ name: 'ioc_recording_bytes_total', help: '...', registers: [registry] })
import { collectDefaultMetrics, Registry } from 'prom-client'

export const registry = new Registry()

let defaults = false

/** Process, heap and event-loop delay series (`ioc_ingest_nodejs_eventloop_lag_*`), once per process. */
export function collectIngestDefaultMetrics(): void {
  if (defaults) return
  defaults = true
  collectDefaultMetrics({ register: registry, prefix: 'ioc_ingest_' })
}
