import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common'
import { CONTROL_CHARACTER, commonErrorCodes } from '@ioc/contracts'

const NUL = '\u0000'
// A body nests a few levels (a rule's condition, a KPI batch); deeper than this is not ours.
const MAX_DEPTH = 32

/**
 * Global, before every route's own pipes: a path parameter or query value holding a control
 * character (`/api/rules/a%00b`, `?district=%00`), or a body string holding NUL, is a 400 with the
 * one error body. Several routes hand an id straight to SQL, and PostgreSQL refuses NUL in text
 * (a 500); no id, filter or search ever needs a control character, while free text in a body may
 * hold line breaks, so bodies are checked for NUL only (their schemas refuse the rest where a
 * field is one line: libs/contracts singleLine).
 */
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value
    const inUrl = metadata.type !== 'body'
    const path = findControl(value, inUrl ? CONTROL_CHARACTER : NUL, metadata.data ? [metadata.data] : [], 0)
    if (path === undefined) return value
    const where = path.join('.') || (inUrl ? metadata.type : 'body')
    const message = inUrl
      ? 'must not contain control characters (NUL, line breaks, escapes)'
      : 'must not contain the NUL character'
    throw new BadRequestException({
      code: commonErrorCodes.validation,
      message: `Validation failed: ${where}: ${message}`,
      details: [{ path: where, message }],
    })
  }
}

/** The path of the first string (value or key) that matches, or undefined. */
function findControl(
  value: unknown,
  needle: RegExp | string,
  path: string[],
  depth: number,
): string[] | undefined {
  const matches = (text: string) => (typeof needle === 'string' ? text.includes(needle) : needle.test(text))
  if (typeof value === 'string') return matches(value) ? path : undefined
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined
  for (const [key, inner] of Object.entries(value)) {
    if (matches(key)) return [...path, key.replace(CONTROL_CHARACTER, '?')]
    const found = findControl(inner, needle, [...path, key], depth + 1)
    if (found) return found
  }
  return undefined
}
