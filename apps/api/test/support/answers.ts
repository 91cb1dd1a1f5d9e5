// Tests read REST answers through the schemas of libs/contracts, never by casting: an answer that
// drifts from its contract (a field renamed, retyped, dropped or added) fails the test that reads it.
import { expect } from 'vitest'
import { z } from 'zod'

/**
 * `schema.parse(body)`, and the parsed value must equal the body: zod drops fields it does not
 * know, so without this an answer with a field the contract lacks (a leaked secret, a renamed
 * field beside the old one) would pass.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.parse(body)
  expect(parsed, 'the answer has fields its contracts schema does not know').toEqual(body)
  return parsed
}

/** The parts of the OpenAPI document the tests read (the document itself is generated, see docs.ts). */
const openApiMediaSchema = z.object({ schema: z.record(z.string(), z.unknown()).optional() })
export const openApiOperationSchema = z.object({
  description: z.string().optional(),
  security: z.array(z.unknown()).optional(),
  requestBody: z.object({ content: z.record(z.string(), openApiMediaSchema) }).optional(),
  responses: z.record(
    z.string(),
    z.object({
      description: z.string().optional(),
      content: z.record(z.string(), openApiMediaSchema).optional(),
    }),
  ),
})
export type OpenApiOperation = z.infer<typeof openApiOperationSchema>

export const openApiDocumentSchema = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), openApiOperationSchema)),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
})
export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>
