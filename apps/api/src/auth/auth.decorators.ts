import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common'
import { ApiExtension } from '@nestjs/swagger'
import type { AuthClaims, Role } from '@ioc/contracts'

export const IS_PUBLIC = 'ioc:isPublic'
export const ROLES = 'ioc:roles'

/** The route needs no token (health, login). Everything else does. */
// The x- extensions let the OpenAPI document show who may call each operation (see docs.ts).
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true))

/**
 * The guard lets the route through, and the route checks a token itself, e.g. one in `?token=`
 * for players that cannot send headers, or the scraper's metrics token. Not public: the OpenAPI
 * document names `who` may call it.
 */
export const ChecksOwnToken = (who: string) =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-auth', who))

/** Only these roles may call the route (on a controller: all its routes). Without it: any signed-in user. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', roles))

/** The claims of the caller's verified token; the guard has put them on the request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthClaims => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthClaims }>()
  if (!request.user) throw new Error('@CurrentUser() on a @Public() route: there is no user')
  return request.user
})
