import { z } from 'zod'

export type OpenApiSchemaObject = Record<string, unknown>

export interface OpenApiComponentsOptions {
  /**
   * `input` for request bodies and queries (fields with defaults are optional), `output` for
   * answers (the default). A document needing both converts twice under different names.
   */
  io?: 'input' | 'output'
}

const COMPONENT_NAME = /^[a-zA-Z0-9._-]+$/
const REF_PREFIX = '#/components/schemas/'

// Transforms and preprocessors have no JSON Schema; documenting them as "any" beats failing the
// whole document over one field.
const baseParams = { unrepresentable: 'any', reused: 'inline', cycles: 'ref' } as const

// openapi-3.0 appeared in zod 4.1; older zod 4 builds fall back to draft-07, which 3.1 accepts.
function withTarget<T>(convert: (target: 'openapi-3.0' | 'draft-07') => T): T {
  try {
    return convert('openapi-3.0')
  } catch (err) {
    if (err instanceof Error && /target/i.test(err.message)) return convert('draft-07')
    throw err
  }
}

function clean(schema: object): OpenApiSchemaObject {
  // OpenAPI 3.0 Schema Objects allow neither `$schema` nor `$id`; the component name is the id.
  const {
    $schema: _schema,
    $id: _id,
    id: _legacyId,
    '~standard': _standard,
    ...rest
  } = schema as OpenApiSchemaObject
  return rest
}

/**
 * OpenAPI `components.schemas` for named zod schemas. A schema used inside another one that is
 * also named here becomes a `$ref` to its component, so shared types appear once in the document.
 * Throws on a name OpenAPI does not allow: that is a programming error, caught at start-up.
 */
export function toOpenApiComponents(
  schemas: Readonly<Record<string, z.ZodType>>,
  options: OpenApiComponentsOptions = {},
): { schemas: Record<string, OpenApiSchemaObject> } {
  const registry = z.registry<{ id: string }>()
  for (const [name, schema] of Object.entries(schemas)) {
    if (!COMPONENT_NAME.test(name)) throw new Error(`invalid OpenAPI component name "${name}"`)
    registry.add(schema, { id: name })
  }
  const converted = withTarget((target) =>
    z.toJSONSchema(registry, {
      ...baseParams,
      target,
      io: options.io ?? 'output',
      uri: (id) => `${REF_PREFIX}${id}`,
    }),
  )
  const out: Record<string, OpenApiSchemaObject> = {}
  for (const name of Object.keys(schemas)) {
    const schema = converted.schemas[name]
    if (schema) out[name] = clean(schema)
  }
  return { schemas: out }
}

/** One schema inline, e.g. for a query parameter or an ad-hoc answer. */
export function toOpenApiSchema(
  schema: z.ZodType,
  options: OpenApiComponentsOptions = {},
): OpenApiSchemaObject {
  return clean(
    withTarget((target) => z.toJSONSchema(schema, { ...baseParams, target, io: options.io ?? 'output' })),
  )
}
