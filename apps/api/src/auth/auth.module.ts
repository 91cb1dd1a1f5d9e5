/**
 * Authentication and roles. The guard is global: EVERY route needs `Authorization: Bearer <token>`
 * unless it is marked public. Usage in a controller:
 *
 *   import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js'
 *
 *   @Public() @Get()                       // no token needed (health, login; /api/docs is outside Nest's router)
 *   @Roles('admin', 'operator') @Post()    // only these roles, others get 403; on a class: all its routes
 *   @Get() list(@CurrentUser() user: AuthClaims)   // any signed-in user; AuthClaims = {sub, username, role, district}
 *
 * Outside HTTP (the socket gateway's handshake): inject TokenService (exported, global) and call
 * `tokens.verify(token)`: the AuthClaims of a valid token, or null. Never throws.
 *
 * Errors: 401 {code: 'unauthorized'} without or with a bad token, 403 {code: 'forbidden'} for a
 * role not listed, 401 {code: 'bad_credentials'} and 429 {code: 'too_many_login_attempts'} with
 * Retry-After on login. Demo users (admin, operator, leader, traffic, security; password
 * IOC_DEMO_PASSWORD) exist only when IOC_DEMO=true. Tests: see apps/api/test/support/api.ts.
 */
import { Global, Module } from '@nestjs/common'
import { APP_GUARD } from '@nestjs/core'
import { AuthController } from './auth.controller.js'
import { AuthGuard } from './auth.guard.js'
import { AuthService, LOGIN_RATE_LIMITER } from './auth.service.js'
import { DemoUsers } from './demo-users.js'
import { LoginRateLimiter } from './login-rate-limiter.js'
import { TokenService } from './token.service.js'

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    TokenService,
    AuthService,
    DemoUsers,
    // a factory, not a value: each app instance (replica, test) counts on its own
    { provide: LOGIN_RATE_LIMITER, useFactory: () => new LoginRateLimiter() },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
