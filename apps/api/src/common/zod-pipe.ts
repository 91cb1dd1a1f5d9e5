import { BadRequestException, type PipeTransform } from '@nestjs/common'
import { formatZodError } from '@ioc/contracts'
import { z } from 'zod'

/** Parses with a libs/contracts schema, or answers 400 in the one error body, naming each field. */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw new BadRequestException(formatZodError(result.error))
  return result.data
}

/**
 * `@Body(new ZodPipe(schema))`, `@Query(new ZodPipe(schema))`: the handler gets the parsed value.
 * For a single value (a path parameter) give its name, so that the 400 names it:
 * `@Param('id', new ZodPipe(deviceIdSchema, 'id'))`.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  private readonly wrapped: z.ZodType | null

  constructor(
    private readonly schema: S,
    private readonly field?: string,
  ) {
    this.wrapped = field ? z.object({ [field]: schema }) : null
  }

  transform(value: unknown): z.output<S> {
    if (!this.wrapped || !this.field) return parseOrBadRequest(this.schema, value)
    const parsed = parseOrBadRequest(this.wrapped, { [this.field]: value }) as Record<string, z.output<S>>
    return parsed[this.field]!
  }
}
