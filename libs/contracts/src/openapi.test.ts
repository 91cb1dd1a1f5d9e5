import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { cameraCreateSchema, cameraSchema, zoneSchema } from './cameras.js'
import { errorBodySchema } from './errors.js'
import { toOpenApiComponents, toOpenApiSchema } from './openapi.js'

describe('toOpenApiComponents', () => {
  it('turns named schemas into OpenAPI 3.0 components with refs between them', () => {
    const { schemas } = toOpenApiComponents({
      Error: errorBodySchema,
      Zone: zoneSchema,
      Camera: cameraSchema,
    })
    expect(Object.keys(schemas)).toEqual(['Error', 'Zone', 'Camera'])
    expect(schemas['Error']).toEqual({
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 1, maxLength: 100 },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' } },
            required: ['path', 'message'],
            additionalProperties: false,
          },
        },
      },
      required: ['code', 'message'],
      additionalProperties: false,
    })
    const camera = schemas['Camera'] as { properties: Record<string, { items?: unknown }> }
    expect(camera.properties['zones']?.items).toEqual({ $ref: '#/components/schemas/Zone' })
    for (const schema of Object.values(schemas)) {
      expect(Object.keys(schema)).not.toContain('$schema')
      expect(Object.keys(schema)).not.toContain('$id')
    }
  })

  it('uses nullable (3.0) rather than type arrays', () => {
    const { schemas } = toOpenApiComponents({ X: z.object({ n: z.string().nullable() }) })
    expect(schemas['X']).toEqual({
      type: 'object',
      properties: { n: { type: 'string', nullable: true } },
      required: ['n'],
      additionalProperties: false,
    })
  })

  it('makes defaulted fields optional for request bodies', () => {
    const input = toOpenApiComponents({ CameraCreate: cameraCreateSchema }, { io: 'input' }).schemas[
      'CameraCreate'
    ]
    expect((input as { required: string[] }).required).toEqual([
      'id',
      'name',
      'kind',
      'lat',
      'lon',
      'district',
      'rtspUrl',
    ])
    const output = toOpenApiComponents({ Camera: cameraSchema }).schemas['Camera']
    expect((output as { required: string[] }).required).toContain('detectFps')
  })

  it('refuses component names OpenAPI does not allow', () => {
    expect(() => toOpenApiComponents({ 'Bad Name': zoneSchema })).toThrow(
      'invalid OpenAPI component name "Bad Name"',
    )
  })
})

describe('toOpenApiSchema', () => {
  it('converts one schema inline', () => {
    expect(toOpenApiSchema(z.enum(['a', 'b']))).toEqual({ type: 'string', enum: ['a', 'b'] })
  })
})
