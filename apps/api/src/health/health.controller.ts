import { Controller, Get, Res } from '@nestjs/common'
import type { Response } from 'express'
import { healthSchema, probeAnswerSchema, type Health, type ProbeAnswer } from '@ioc/contracts'
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

  /** Liveness probe: 503 after an event-loop stall longer than IOC_LIVENESS_MAX_DELAY_S. */
  @Public()
  @Get('live')
  @ApiZodResponse(probeAnswerSchema)
  @ApiZodResponse(probeAnswerSchema, 503, 'the event loop stalled')
  live(@Res({ passthrough: true }) res: Response): ProbeAnswer {
    return answer(res, this.health.live())
  }

  /** Readiness probe: 503 while the database, its migrations or the broker are missing, or stopping. */
  @Public()
  @Get('ready')
  @ApiZodResponse(probeAnswerSchema)
  @ApiZodResponse(probeAnswerSchema, 503, 'not ready: see checks')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ProbeAnswer> {
    return answer(res, await this.health.ready())
  }
}

function answer(res: Response, probe: ProbeAnswer): ProbeAnswer {
  res.setHeader('Cache-Control', 'no-store')
  if (probe.status !== 'ok') res.status(503)
  return probe
}
