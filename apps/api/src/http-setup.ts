import { readFileSync } from 'node:fs'
import { Logger } from '@nestjs/common'
import type { NestExpressApplication } from '@nestjs/platform-express'
import type { RequestHandler } from 'express'
import { ControlCharactersPipe } from './common/control-characters.pipe.js'
import { dashboardCors } from './common/dashboard-origins.js'
import { dashboardStatic } from './common/dashboard-static.js'
import { ErrorBodyFilter } from './common/error-body.filter.js'
import { securityHeaders } from './common/security-headers.js'
import { API_CONFIG, type ApiConfig } from './config.js'
import { setupDocs } from './docs.js'
import { MetricsService } from './metrics/metrics.service.js'

// The same path from src/ (tests) and dist/ (built): the api's own package.json.
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/**
 * Everything about the HTTP surface that is not a route: timing, security headers, proxies, CORS,
 * body parsers, input checks, errors, docs, the built dashboard.
 */
export function setupHttp(app: NestExpressApplication): void {
  const config = app.get<ApiConfig>(API_CONFIG)
  // first, so that rejected requests (401, 404, 413) are timed too
  app.use(app.get(MetricsService).httpMiddleware())
  app.use(securityHeaders())
  // req.ip is then the client's address as the trusted proxies report it (login throttling, audit)
  app.set('trust proxy', config.env.IOC_TRUST_PROXY)
  if (config.env.IOC_TRUST_PROXY === false) app.use(warnOfUntrustedProxy())
  const cors = dashboardCors(config.env.IOC_DASHBOARD_ORIGIN)
  if (cors) app.enableCors(cors)
  // A KPI batch of 1000 values is ~150 KB, above express's 100 KB default.
  app.useBodyParser('json', { limit: '1mb' })
  // CSV uploads of KPI values arrive as text/csv and are parsed by their controller.
  app.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '5mb' })
  app.useGlobalFilters(new ErrorBodyFilter())
  app.useGlobalPipes(new ControlCharactersPipe())
  setupDocs(app, version)
  if (config.dashboardDir) app.use(dashboardStatic(config.dashboardDir))
}

/**
 * Behind a proxy that IOC_TRUST_PROXY does not name, every client has the proxy's address, so
 * login throttling would count them all as one source: said once, for the operator to fix.
 */
function warnOfUntrustedProxy(): RequestHandler {
  let warned = false
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true
      new Logger('http').warn(
        `requests arrive through a proxy (X-Forwarded-For from ${req.socket.remoteAddress}) but IOC_TRUST_PROXY is unset: every client counts as that proxy's address; set IOC_TRUST_PROXY=1 for one proxy in front`,
      )
    }
    next()
  }
}
