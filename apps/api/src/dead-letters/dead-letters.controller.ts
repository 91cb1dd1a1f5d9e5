import { Controller, Get, Query } from '@nestjs/common'
import { z } from 'zod'
import { deadLetterReasonSchema, deadLetterSchema } from '@ioc/contracts'
import { Roles } from '../auth/auth.decorators.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { DeadLettersService, type DeadLetterPage } from './dead-letters.service.js'

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

const deadLetterPageSchema = z.object({
  items: z.array(deadLetterSchema.extend({ payloadSize: z.int() })),
  nextCursor: z.string().nullable(),
  countsByReason: z.record(z.string(), z.int()),
})

/** What ingest and the KPI topic refused, newest first: for the people who run the system. */
@Roles('admin', 'operator')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiZodQuery(deadLettersQuerySchema)
  @ApiZodResponse(deadLetterPageSchema)
  list(@Query(new ZodPipe(deadLettersQuerySchema)) query: DeadLettersQuery): Promise<DeadLetterPage> {
    return this.deadLetters.page(query)
  }
}
