import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common'
import { Reflector } from '@nestjs/core'
import type { Request } from 'express'
import { commonErrorCodes, type AuthClaims, type Role } from '@ioc/contracts'
import { IS_PUBLIC, ROLES } from './auth.decorators.js'
import { bearerToken, TokenService } from './token.service.js'

/** Installed globally (APP_GUARD): a route is closed unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    // Socket gateways authenticate in their handshake, not per message.
    if (ctx.getType() !== 'http') return true
    const targets = [ctx.getHandler(), ctx.getClass()]
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true
    const request = ctx.switchToHttp().getRequest<Request & { user?: AuthClaims }>()
    const token = bearerToken(request.headers.authorization)
    const claims = this.tokens.verify(token)
    if (!claims)
      throw new UnauthorizedException({
        code: commonErrorCodes.unauthorized,
        message: token
          ? 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn / invalid or expired token'
          : 'Cần đăng nhập / missing Authorization: Bearer <token>',
      })
    request.user = claims
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets)
    if (roles && !roles.includes(claims.role))
      throw new ForbiddenException({
        code: commonErrorCodes.forbidden,
        message: `Vai trò ${claims.role} không được phép / role ${claims.role} may not do this (allowed: ${roles.join(', ')})`,
      })
    return true
  }
}
