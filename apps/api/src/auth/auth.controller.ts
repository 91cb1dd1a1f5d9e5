import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common'
import { ApiResponse } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import {
  authClaimsSchema,
  loginRequestSchema,
  loginResponseSchema,
  refreshRequestSchema,
  type AuthClaims,
  type LoginRequest,
  type LoginResponse,
  type RefreshRequest,
} from '@ioc/contracts'
import { ApiZodBody, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { CurrentUser, Public } from './auth.decorators.js'
import { AuthService, LoginThrottledException } from './auth.service.js'

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @ApiZodBody(loginRequestSchema)
  @ApiZodResponse(loginResponseSchema)
  @Post('login')
  @HttpCode(200)
  async login(
    @Body(new ZodPipe(loginRequestSchema)) body: LoginRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    try {
      return await this.auth.login(body, req.ip ?? req.socket.remoteAddress ?? 'unknown')
    } catch (err) {
      if (err instanceof LoginThrottledException) res.setHeader('Retry-After', String(err.retryAfterS))
      throw err
    }
  }

  /**
   * A new access token and a new refresh token for a refresh token, which is then spent. Public:
   * the refresh token is the credential, and the access token may have expired meanwhile.
   */
  @Public()
  @ApiZodBody(refreshRequestSchema)
  @ApiZodResponse(loginResponseSchema)
  @ApiResponse({
    status: 401,
    description: 'invalid, expired, revoked or reused refresh token: log in again',
  })
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body(new ZodPipe(refreshRequestSchema)) body: RefreshRequest): Promise<LoginResponse> {
    return this.auth.refresh(body.refreshToken)
  }

  /** Ends the session of the refresh token (all its rotations); 204 also when none was live. */
  @Public()
  @ApiZodBody(refreshRequestSchema)
  @ApiResponse({ status: 204, description: 'the session is ended' })
  @Post('logout')
  @HttpCode(204)
  async logout(@Body(new ZodPipe(refreshRequestSchema)) body: RefreshRequest): Promise<void> {
    await this.auth.logout(body.refreshToken)
  }

  /** Who the token belongs to: the dashboard shows it and hides what the role may not do. */
  @ApiZodResponse(authClaimsSchema)
  @Get('me')
  me(@CurrentUser() user: AuthClaims): AuthClaims {
    return user
  }
}
