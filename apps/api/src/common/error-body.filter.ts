import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common'
import { BaseWsExceptionFilter } from '@nestjs/websockets'
import type { Request, Response } from 'express'
import { commonErrorCodes, errorBodySchema, type ErrorBody } from '@ioc/contracts'
import { pathOf } from './logging.js'

const codeByStatus: Record<number, string> = {
  // our own 400s carry validation_failed and the fields; a generic one is e.g. a body that is not JSON
  400: 'bad_request',
  401: commonErrorCodes.unauthorized,
  403: commonErrorCodes.forbidden,
  404: commonErrorCodes.notFound,
  409: commonErrorCodes.conflict,
  413: commonErrorCodes.tooLarge,
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: commonErrorCodes.unavailable,
}

// body-parser's failures (too large, wrong charset) are plain errors with a status; Nest turns bad
// JSON alone into a BadRequestException.
interface HttpishError {
  status: number
  expose?: boolean
  message: string
}

/**
 * Every failed request answers `{code, message, details?}` (libs/contracts errorBodySchema):
 * module errors thrown as HttpException with such a body pass through, Nest's own (404 of an
 * unknown route, ...) and body-parser's are translated, anything else is a logged 500 whose
 * message reveals nothing internal.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('http')
  private readonly ws = new BaseWsExceptionFilter()

  catch(err: unknown, host: ArgumentsHost): void {
    // Global filters also see gateway errors: those keep Nest's socket behaviour (an `exception` event).
    if (host.getType() !== 'http') return this.ws.catch(err, host)
    const req = host.switchToHttp().getRequest<Request>()
    const res = host.switchToHttp().getResponse<Response>()
    const [status, body] = this.translate(err, req)
    if (res.headersSent) return void res.end()
    res.status(status).json(body)
  }

  private translate(err: unknown, req: Request): [number, ErrorBody] {
    if (err instanceof HttpException) {
      const status = err.getStatus()
      const own = errorBodySchema.safeParse(err.getResponse())
      if (own.success) return [status, own.data]
      return [status, { code: codeByStatus[status] ?? `http_${status}`, message: err.message }]
    }
    if (isHttpish(err) && err.status < 500) {
      return [err.status, { code: codeByStatus[err.status] ?? `http_${err.status}`, message: err.message }]
    }
    // the path, not the URL: `?token=` of the player routes must not reach the log
    this.logger.error(
      `${req.method} ${pathOf(req.originalUrl)} failed: ${(err as Error)?.stack ?? String(err)}`,
    )
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      {
        code: commonErrorCodes.internal,
        message: 'Lỗi hệ thống, đã ghi nhật ký / internal error, logged on the server',
      },
    ]
  }
}

function isHttpish(err: unknown): err is HttpishError {
  const e = err as Partial<HttpishError> | null
  return typeof e?.status === 'number' && e.expose === true && typeof e.message === 'string'
}
