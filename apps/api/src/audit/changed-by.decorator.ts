import { createParamDecorator, type ExecutionContext } from '@nestjs/common'
import type { Request } from 'express'
import type { AuthClaims } from '@ioc/contracts'
import { originOf } from '../common/request-origin.js'
import type { ChangeBy } from './config-audit.service.js'

/** Who makes this change and from where (the guard has put the verified claims on the request). */
export const ChangedBy = createParamDecorator((_data: unknown, ctx: ExecutionContext): ChangeBy => {
  const request = ctx.switchToHttp().getRequest<Request & { user?: AuthClaims }>()
  if (!request.user) throw new Error('@ChangedBy() on a route without a user')
  return { user: request.user, from: originOf(request) }
})
