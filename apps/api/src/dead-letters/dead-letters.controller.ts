import { Controller, ForbiddenException, Get, Query } from '@nestjs/common'
import { z } from 'zod'
import {
  commonErrorCodes,
  deadLetterPageSchema,
  deadLetterReasonSchema,
  rolesThat,
  type AuthClaims,
  type DeadLetterPage,
} from '@ioc/contracts'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { DeadLettersService } from './dead-letters.service.js'

const deadLettersQuerySchema = z.object({
  reason: deadLetterReasonSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  // the nextCursor of the previous page
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, { error: 'a nextCursor of a previous page' })
    .optional(),
})
type DeadLettersQuery = z.infer<typeof deadLettersQuerySchema>

/** What ingest and the KPI topic refused, newest first: for the people who run the system (province-wide). */
@Roles(...rolesThat.operate)
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiZodQuery(deadLettersQuerySchema)
  @ApiZodResponse(deadLetterPageSchema)
  list(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodPipe(deadLettersQuerySchema)) query: DeadLettersQuery,
  ): Promise<DeadLetterPage> {
    // A refused payload belongs to no district (it may not even name a device): province-wide only.
    if (user.district !== null)
      throw new ForbiddenException({
        code: commonErrorCodes.forbidden,
        message: `dead letters are for province-wide ${rolesThat.operate.join(' and ')}s, not staff of ${user.district}`,
      })
    return this.deadLetters.page(query)
  }
}
