import { errorBodySchema, type ErrorBody } from '@ioc/contracts'
import type { Schema } from '../api/client.js'

/** A socket ack answered `{ok: false, error}` (the api's error body), or not in its contract's shape. */
export class AckError extends Error {
  override readonly name = 'AckError'
  constructor(
    readonly event: string,
    readonly body: ErrorBody,
  ) {
    super(`${event}: ${body.message}`)
  }
}

/**
 * Every ack is `{ok: true, ...result}` or `{ok: false, error}`; the result is parsed with its
 * schema from libs/contracts, the error with the one error body.
 */
export function parseAck<T>(event: string, raw: unknown, result: Schema<T>): T {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    if (raw.ok === true) {
      const parsed = result.safeParse(raw)
      if (parsed.success) return parsed.data
    } else if (raw.ok === false) {
      const error = errorBodySchema.safeParse('error' in raw ? raw.error : null)
      if (error.success) throw new AckError(event, error.data)
    }
  }
  throw new AckError(event, { code: 'invalid_ack', message: 'the ack is not in its contract\u2019s shape' })
}
