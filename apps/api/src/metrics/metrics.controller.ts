import { timingSafeEqual } from 'node:crypto'
import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Inject,
  Req,
  UnauthorizedException,
} from '@nestjs/common'
import { ApiBearerAuth, ApiProduces } from '@nestjs/swagger'
import type { Request } from 'express'
import { commonErrorCodes } from '@ioc/contracts'
import { ChecksOwnToken } from '../auth/auth.decorators.js'
import { bearerToken, TokenService } from '../auth/token.service.js'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { MetricsService } from './metrics.service.js'

/**
 * Prometheus text format. Readable by an admin's token, or by the static IOC_METRICS_TOKEN that a
 * scraper sends as `Authorization: Bearer` (Prometheus `authorization: {credentials: ...}`):
 * scrapers cannot log in, and route names and volumes are not for every role.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly tokens: TokenService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @ChecksOwnToken('admin, or the scraper with IOC_METRICS_TOKEN')
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @Get()
  @Header('Cache-Control', 'no-store')
  async get(@Req() req: Request): Promise<string> {
    const token = bearerToken(req.headers.authorization)
    if (!token)
      throw new UnauthorizedException({
        code: commonErrorCodes.unauthorized,
        message: 'missing Authorization: Bearer <token>',
      })
    if (!this.isScraper(token)) {
      const claims = this.tokens.verify(token)
      if (!claims)
        throw new UnauthorizedException({
          code: commonErrorCodes.unauthorized,
          message: 'invalid or expired token',
        })
      if (claims.role !== 'admin')
        throw new ForbiddenException({
          code: commonErrorCodes.forbidden,
          message: `Chỉ quản trị viên / admin or IOC_METRICS_TOKEN only (role ${claims.role})`,
        })
    }
    req.res?.type(this.metrics.contentType)
    return this.metrics.text()
  }

  private isScraper(token: string): boolean {
    const expected = this.config.env.IOC_METRICS_TOKEN
    if (!expected) return false
    const a = Buffer.from(token)
    const b = Buffer.from(expected)
    return a.length === b.length && timingSafeEqual(a, b)
  }
}
