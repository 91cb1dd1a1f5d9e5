import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common'
import { type LoginRequest, type LoginResponse } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import { LoginRateLimiter } from './login-rate-limiter.js'
import { checkPassword, unknownUserHash } from './passwords.js'
import { TokenService } from './token.service.js'

export const LOGIN_RATE_LIMITER = Symbol('LOGIN_RATE_LIMITER')

/** This module's own error codes (401/403 of the guard use the common ones). */
export const authErrorCodes = {
  badCredentials: 'bad_credentials',
  throttled: 'too_many_login_attempts',
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

@Injectable()
export class AuthService {
  private readonly logger = new Logger('auth')

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(LOGIN_RATE_LIMITER) private readonly limiter: LoginRateLimiter,
    private readonly tokens: TokenService,
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
    const claims = { sub: user.id, username: user.username, role: user.role, district: user.district }
    const { accessToken, expiresAt } = this.tokens.sign(claims)
    this.logger.log(`login ${user.username} (${user.role}) from ${address}`)
    return {
      accessToken,
      expiresAt: expiresAt.toISOString(),
      user: { id: user.id, username: user.username, role: user.role, district: user.district },
    }
  }
}
