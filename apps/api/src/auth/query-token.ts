import { UnauthorizedException } from '@nestjs/common'
import type { Request } from 'express'
import { commonErrorCodes, type AuthClaims } from '@ioc/contracts'
import { bearerToken, type TokenService } from './token.service.js'

/**
 * The caller of a route that players and <img> tags call (they cannot send headers): the token of
 * the Authorization header, or of `?token=`. The route is `@ChecksOwnToken(...)`.
 */
export function claimsFromHeaderOrQuery(tokens: TokenService, req: Request): AuthClaims {
  const query = typeof req.query.token === 'string' ? req.query.token : undefined
  const token = bearerToken(req.headers.authorization) ?? query
  const claims = tokens.verify(token)
  if (claims) return claims
  throw new UnauthorizedException({
    code: commonErrorCodes.unauthorized,
    message: token
      ? 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn / invalid or expired token'
      : 'Cần đăng nhập / missing Authorization: Bearer <token> or ?token=',
  })
}
