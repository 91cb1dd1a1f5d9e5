import { Inject, Injectable } from '@nestjs/common'
import { JwtService } from '@nestjs/jwt'
import { authClaimsSchema, type AuthClaims } from '@ioc/contracts'
import { API_CONFIG, type ApiConfig } from '../config.js'

/** An operator's shift plus margin: nobody is logged out in the middle of a night shift. */
export const accessTokenTtlS = 12 * 3600

/**
 * Signs and verifies access tokens. HTTP goes through AuthGuard; the socket gateway calls
 * `verify` in its handshake, so both accept exactly the same tokens.
 */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.jwt = new JwtService({
      secret: config.jwtSecret,
      signOptions: { algorithm: 'HS256', expiresIn: accessTokenTtlS },
      verifyOptions: { algorithms: ['HS256'] },
    })
  }

  sign(claims: AuthClaims): { accessToken: string; expiresAt: Date } {
    const accessToken = this.jwt.sign({ ...authClaimsSchema.parse(claims) })
    return { accessToken, expiresAt: new Date(Date.now() + accessTokenTtlS * 1000) }
  }

  /** The claims of a valid, unexpired token of ours; null for anything else (never throws). */
  verify(token: string | undefined | null): AuthClaims | null {
    if (!token) return null
    try {
      const parsed = authClaimsSchema.safeParse(this.jwt.verify<object>(token))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i)
  return match?.[1]
}
