import { Injectable } from '@nestjs/common'
import type { NextFunction, Request, Response } from 'express'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'

/**
 * The api's Prometheus registry. One registry per app instance (not prom-client's global one), so
 * several apps in one process (tests) do not collide. Other modules add their own metrics with
 * `new Counter({ ..., registers: [metrics.registry] })`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry()
  private readonly httpDuration = new Histogram({
    name: 'ioc_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ioc_api_' })
  }

  /** Express middleware timing every request, including 401s and 404s the handlers never see. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer()
      res.once('finish', () => {
        // the route template (/api/sensors/:id), never the raw path: ids would explode the series.
        // A wildcard is no route of the api's but the logger's middleware (nestjs-pino's
        // `{/*splat}`), the last route a request that no controller matched went through.
        const path = (req.route as { path?: string } | undefined)?.path
        end({
          method: req.method,
          route: typeof path === 'string' && !path.includes('*') ? `${req.baseUrl}${path}` : 'unmatched',
          status: String(res.statusCode),
        })
      })
      next()
    }
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
