import type { Request } from 'express'
import type { RequestOrigin } from '@ioc/contracts'

/** Where a request came from, for the audit trails (the proxy's address unless `trust proxy` is set). */
export function originOf(req: Request): RequestOrigin {
  const ua = req.headers['user-agent']
  return { ip: req.ip?.slice(0, 64) ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null }
}
