import type { INestApplication } from '@nestjs/common'
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger'
import { errorBodySchema, toOpenApiComponents } from '@ioc/contracts'

export const docsPath = 'api/docs'
export const openApiJsonPath = 'api/docs/openapi.json'

type Operation = Record<string, unknown> & { description?: string; responses?: Record<string, unknown> }

/**
 * OpenAPI 3 at /api/docs (Swagger UI) and /api/docs/openapi.json, both without login. Request and
 * answer schemas come from libs/contracts through the ApiZod* decorators; who may call an
 * operation comes from @Public/@Roles/@ChecksOwnToken.
 */
export function setupDocs(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('IOC API · Trung tâm điều hành thông minh')
    .setDescription(
      'Đăng nhập bằng POST /api/auth/login rồi gửi `Authorization: Bearer <accessToken>`. ' +
        'Log in with POST /api/auth/login, then send `Authorization: Bearer <accessToken>`. ' +
        'Errors: `{code, message, details}`.',
    )
    .setVersion(version)
    .addBearerAuth()
    .build()
  const document = SwaggerModule.createDocument(app, config)
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...toOpenApiComponents({ ErrorBody: errorBodySchema }).schemas,
    },
  }
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Operation[]) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue
      const isPublic = op['x-public'] === true
      op.security = isPublic ? [] : [{ bearer: [] }]
      const roles = op['x-roles'] as string[] | undefined
      const ownCheck = op['x-auth'] as string | undefined
      const who = isPublic ? 'public' : (ownCheck ?? (roles ? roles.join(', ') : 'any signed-in role'))
      op.description = [op.description, `Vai trò / roles: ${who}.`].filter(Boolean).join('\n\n')
      op.responses = {
        ...op.responses,
        default: {
          description: 'Lỗi / error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      }
    }
  }
  SwaggerModule.setup(docsPath, app, document, { jsonDocumentUrl: openApiJsonPath, raw: ['json'] })
  return document
}
