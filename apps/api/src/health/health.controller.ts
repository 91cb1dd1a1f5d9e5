import { Controller, Get, Res } from '@nestjs/common'
import type { Response } from 'express'
import { healthSchema, type Health } from '@ioc/contracts'
import { Public } from '../auth/auth.decorators.js'
import { ApiZodResponse } from '../common/openapi.decorators.js'
import { HealthService } from './health.service.js'

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 503 when the database is down, so load balancers take the replica out; the body says why. */
  @Public()
  @Get()
  @ApiZodResponse(healthSchema)
  @ApiZodResponse(healthSchema, 503, 'the database is down')
  async get(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const report = await this.health.report()
    if (report.status === 'down') res.status(503)
    return report
  }
}
