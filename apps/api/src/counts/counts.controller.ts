import { Controller, Get, Param, Query } from '@nestjs/common'
import { z } from 'zod'
import {
  cameraCountsSchema,
  cameraIdSchema,
  timeRangeQuerySchema,
  type AuthClaims,
  type CameraCounts,
} from '@ioc/contracts'
import { CurrentUser } from '../auth/auth.decorators.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { CountsService } from './counts.service.js'

export const countsQuerySchema = timeRangeQuerySchema.safeExtend({
  label: z.string().min(1).max(64).optional(),
})
export type CountsQuery = z.infer<typeof countsQuerySchema>

// Beside the cameras module (which owns /cameras CRUD and video): counts are history, like readings.
@Controller('cameras')
export class CountsController {
  constructor(private readonly counts: CountsService) {}

  @Get(':id/counts')
  @ApiZodQuery(countsQuerySchema)
  @ApiZodResponse(cameraCountsSchema)
  history(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ZodPipe(cameraIdSchema, 'id')) id: string,
    @Query(new ZodPipe(countsQuerySchema)) query: CountsQuery,
  ): Promise<CameraCounts> {
    return this.counts.history(user, id, query)
  }
}
