import { Inject, Injectable, Logger } from '@nestjs/common'
import { Gauge } from 'prom-client'
import { alertSeveritySchema } from '@ioc/contracts'
import { AlertsRepository } from '@ioc/db'
import { MetricsService } from './metrics.service.js'

/**
 * The api's own series beside the default ones (process, heap, event-loop delay as
 * `ioc_api_nodejs_eventloop_lag_*`, from prom-client's monitorEventLoopDelay) and the HTTP timings:
 * active alerts by severity and acknowledgement, read from the database at each scrape (every
 * replica answers the same figures: the database's). Socket clients are the gateway's
 * (`ioc_api_socket_clients`, live.gateway.ts).
 */
@Injectable()
export class ApiMetrics {
  private readonly logger = new Logger('metrics')

  constructor(
    @Inject(MetricsService) metrics: MetricsService,
    @Inject(AlertsRepository) alerts: AlertsRepository,
  ) {
    const logger = this.logger
    new Gauge({
      name: 'ioc_api_alerts_active',
      help: 'Active alerts by severity and whether someone acknowledged them (from the database)',
      labelNames: ['severity', 'acknowledged'] as const,
      registers: [metrics.registry],
      async collect() {
        try {
          const rows = await alerts.activeCounts()
          this.reset()
          for (const severity of alertSeveritySchema.options)
            for (const acknowledged of ['true', 'false']) this.set({ severity, acknowledged }, 0)
          for (const r of rows)
            this.set({ severity: r.severity, acknowledged: String(r.acknowledged) }, r.count)
        } catch (err) {
          // no figures rather than a failed scrape: the database's own health says why
          this.reset()
          logger.warn(`alert counts for the metrics: ${(err as Error).message}`)
        }
      },
    })
  }
}
