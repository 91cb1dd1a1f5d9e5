import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { RequestMethod, type DynamicModule } from '@nestjs/common'
import { LoggerModule } from 'nestjs-pino'
import type { Logger } from '@ioc/config'

/** An incoming X-Request-Id (nginx's $request_id, another service's) is kept when it looks like one. */
const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/

/** The path without its query: `?token=` of live video and snapshots must never reach a log. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0] ?? ''
  return path.length > 200 ? `${path.slice(0, 200)}…` : path
}

/** Express's originalUrl: a middleware mounted under a path sees `req.url` without it. */
const urlOf = (req: IncomingMessage) => (req as { originalUrl?: string }).originalUrl ?? req.url

/** Probes and scrapes come every few seconds from machines: not worth a line each. */
const quietPaths = /^\/api\/(health(\/(live|ready))?|metrics)$/

/**
 * nestjs-pino over the service logger: each HTTP request gets an id (`reqId`: the caller's
 * X-Request-Id when it is one, else a UUID, answered in X-Request-Id), every line logged while
 * handling it carries that id, and its end is one line with method, path (no query), status and
 * time; 5xx as errors, 4xx as warnings.
 *
 * nestjs-pino keeps one pino-http, and so one logger, per process: the first app's. A second app
 * in the same process (tests) logs through the first one's level and destination.
 */
export function apiLoggerModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    // Every route under the global prefix (/api{/*splat}), as nestjs-pino 5 mounts it by default;
    // 4.x is kept (5 requires Node 22.12, we run on 20.19 too), whose default `*` Nest 11 mounts
    // as a plain /api route of every method
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'reqId' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id']
        const id = typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID()
        res.setHeader('x-request-id', id)
        return id
      },
      autoLogging: { ignore: (req: IncomingMessage) => quietPaths.test(pathOf(urlOf(req))) },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${pathOf(urlOf(req))} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${pathOf(urlOf(req))} ${res.statusCode}`,
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, path: pathOf(req.url) }),
        res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
      },
    },
  })
}
