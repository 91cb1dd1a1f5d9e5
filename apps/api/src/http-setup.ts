import { readFileSync } from 'node:fs'
import type { NestExpressApplication } from '@nestjs/platform-express'
import { ErrorBodyFilter } from './common/error-body.filter.js'
import { setupDocs } from './docs.js'
import { MetricsService } from './metrics/metrics.service.js'

// The same path from src/ (tests) and dist/ (built): the api's own package.json.
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Everything about the HTTP surface that is not a route: timing, body parsers, errors, docs. */
export function setupHttp(app: NestExpressApplication): void {
  // first, so that rejected requests (401, 404, 413) are timed too
  app.use(app.get(MetricsService).httpMiddleware())
  // A KPI batch of 1000 values is ~150 KB, above express's 100 KB default.
  app.useBodyParser('json', { limit: '1mb' })
  // CSV uploads of KPI values arrive as text/csv and are parsed by their controller.
  app.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '5mb' })
  app.useGlobalFilters(new ErrorBodyFilter())
  setupDocs(app, version)
}
