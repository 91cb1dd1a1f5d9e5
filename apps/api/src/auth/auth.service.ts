import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common'
import { type LoginRequest, type LoginResponse, type User } from '@ioc/contracts'
import { RefreshTokensRepository, type Database } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { DATABASE } from '../database/database.module.js'
import { LoginRateLimiter } from './login-rate-limiter.js'
import { checkPassword, unknownUserHash } from './passwords.js'
import { TokenService } from './token.service.js'

export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER')

/** This module's own error codes (401/403 of the guard use the common ones). */
export const authErrorCodes = {
  badCredentials: 'bad_credentials',
  throttled: 'too_many_login_attempts',
  badRefreshToken: 'invalid_refresh_token',
} as const

export class LoginThrottledException extends HttpException {
  constructor(readonly retryAfterS: number) {
    super(
      {
        code: authErrorCodes.throttled,
        message: `Đăng nhập sai quá nhiều lần, thử lại sau ${retryAfterS} giây / too many failed logins, retry in ${retryAfterS} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    )
  }
}

// The token has 256 random bits, so a fast hash is enough: nobody can guess one to test offline.
const hashOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('base64url')

@Injectable()
export class AuthService {
  private readonly logger = new Logger('auth')
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginRateLimiter,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {}

  async login({ username, password }: LoginRequest, address: string): Promise<LoginResponse> {
    const name = username.trim()
    const wait = this.limiter.retryAfterS(name, address)
    if (wait > 0) throw new LoginThrottledException(wait)
    const user = await this.db.users.findCredentials(name)
    const ok = await checkPassword(password, user?.passwordHash ?? unknownUserHash)
    if (!user || !ok) {
      this.limiter.recordFailure(name, address)
      this.logger.warn(`failed login for "${name}" from ${address}${user ? '' : ' (no such user)'}`)
      throw new UnauthorizedException({
        code: authErrorCodes.badCredentials,
        message: 'Sai tên đăng nhập hoặc mật khẩu / wrong username or password',
      })
    }
    this.limiter.recordSuccess(name, address)
    this.logger.log(`login ${user.username} (${user.role}) from ${address}`)
    await this.refreshTokens.deleteExpired()
    const next = this.newRefreshToken()
    const { tokenHash, expiresAt } = next
    await this.refreshTokens.issue({ tokenHash, expiresAt, familyId: randomUUID(), userId: user.id })
    return this.answer(user, next)
  }

  /**
   * A refresh token for a new access token and a new refresh token of the same family; the one
   * given is spent. Role and district are read again, so a change reaches the next token.
   */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    const next = this.newRefreshToken()
    const used = await this.refreshTokens.rotate(hashOf(refreshToken), next)
    if (!used.ok) {
      if (used.reason === 'reused')
        this.logger.warn('a refresh token was used twice: its session is revoked, both holders log in again')
      throw new UnauthorizedException({
        code: authErrorCodes.badRefreshToken,
        message: `Phiên đăng nhập không còn hiệu lực, hãy đăng nhập lại / the session is ${used.reason === 'expired' ? 'expired' : 'no longer valid'}, log in again`,
      })
    }
    return this.answer(used.user, next)
  }

  /** Ends the session the refresh token belongs to; an unknown token is already no session. */
  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOf(hashOf(refreshToken))
  }

  private newRefreshToken(): { token: string; tokenHash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url')
    // sliding: each rotation lives the whole lifetime again, so a screen in use never expires
    const expiresAt = new Date(Date.now() + this.config.env.IOC_REFRESH_TOKEN_DAYS * 86_400_000)
    return { token, tokenHash: hashOf(token), expiresAt }
  }

  private answer(user: User, refresh: { token: string; expiresAt: Date }): LoginResponse {
    const claims = { sub: user.id, username: user.username, role: user.role, district: user.district }
    const { accessToken, expiresAt } = this.tokens.sign(claims)
    return {
      accessToken,
      expiresAt: expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt.toISOString(),
      user: { id: user.id, username: user.username, role: user.role, district: user.district },
    }
  }
}
