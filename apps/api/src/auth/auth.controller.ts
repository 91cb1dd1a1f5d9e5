import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common'
import type { Request, Response } from 'express'
import {
  authClaimsSchema,
  loginRequestSchema,
  loginResponseSchema,
  type AuthClaims,
  type LoginRequest,
  type LoginResponse,
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

  /** Who the token belongs to: the dashboard shows it and hides what the role may not do. */
  @ApiZodResponse(authClaimsSchema)
  @Get('me')
  me(@CurrentUser() user: AuthClaims): AuthClaims {
    return user
  }
}
