import { applyDecorators } from '@nestjs/common'
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger'
import type { SchemaObject } from '@nestjs/swagger'
import { toOpenApiSchema } from '@ioc/contracts'
import type { z } from 'zod'

// The zod schemas of libs/contracts are the one source: these put them into the OpenAPI document
// beside the ZodPipe that enforces them.

const inputSchema = (schema: z.ZodType) => toOpenApiSchema(schema, { io: 'input' }) as SchemaObject

/** Documents a JSON request body. */
export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: inputSchema(schema), description })

/** Documents each field of an object query schema as a query parameter. */
export function ApiZodQuery(schema: z.ZodType) {
  const json = inputSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] }
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
    ),
  )
}

/** Documents an answer. */
export const ApiZodResponse = (schema: z.ZodType, status = 200, description = 'OK') =>
  ApiResponse({ status, description, schema: toOpenApiSchema(schema) as SchemaObject })
