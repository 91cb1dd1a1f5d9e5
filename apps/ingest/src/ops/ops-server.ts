// The ingest's own small HTTP server, for machines: Prometheus scrapes GET /metrics, Kubernetes
// (or the compose file) probes GET /health/live and GET /health/ready. Nothing else is served.
import { timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { ProbeAnswer } from '@ioc/contracts'
import type { Registry } from 'prom-client'

export interface OpsServerOptions {
  host: string
  port: number
  registry: Registry
  /** IOC_METRICS_TOKEN: when set, /metrics asks for `Authorization: Bearer <it>` (probes never do). */
  metricsToken?: string | undefined
  live: () => ProbeAnswer
  ready: () => Promise<ProbeAnswer>
}

export interface OpsServer {
  /** The port it listens on (the one asked for, or the one given for 0). */
  port: number
  close(): Promise<void>
}

function tokenMatches(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '')
  const wanted = Buffer.from(expected)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0]
    const json = (probe: ProbeAnswer) => {
      res.writeHead(probe.status === 'ok' ? 200 : 503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      })
      res.end(JSON.stringify(probe))
    }
    const fail = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code, message }))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method_not_allowed', 'GET only')
    if (path === '/health/live') return json(options.live())
    if (path === '/health/ready') {
      options
        .ready()
        .then(json, (err: Error) =>
          json({ status: 'failing', checks: { ready: { ok: false, detail: err.message } } }),
        )
      return
    }
    if (path === '/metrics') {
      if (options.metricsToken && !tokenMatches(req.headers.authorization, options.metricsToken))
        return fail(401, 'unauthorized', 'Authorization: Bearer <IOC_METRICS_TOKEN> required')
      options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.registry.contentType, 'cache-control': 'no-store' })
          res.end(text)
        },
        (err: Error) => fail(500, 'internal', err.message),
      )
      return
    }
    fail(404, 'not_found', 'GET /metrics, /health/live or /health/ready')
  })
  // probes and scrapes are short: a stuck client must not hold a socket for long
  server.requestTimeout = 10_000
  server.headersTimeout = 5_000
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port, options.host, () => {
      server.off('error', fail)
      ok()
    })
  })
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}
