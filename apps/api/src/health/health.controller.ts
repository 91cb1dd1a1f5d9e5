import { Controller, Get, Res } from '@nestjs/common'
import type { Response } from 'express'
import type { Health } from '@ioc/contracts'
import { Public } from '../auth/auth.decorators.js'
import { HealthService } from './health.service.js'

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 503 when the database is down, so load balancers take the replica out; the body says why. */
  @Public()
  @Get()
  async get(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const report = await this.health.report()
    if (report.status === 'down') res.status(503)
    return report
  }
}
