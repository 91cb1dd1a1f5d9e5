import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { errorBodySchema, formatPath, formatZodError } from './errors.js'

const schema = z.object({
  a: z.object({ b: z.string() }),
  list: z.array(z.number()),
  tags: z.record(z.string().regex(/^[a-z]+$/, { error: 'lower-case letters only' }), z.boolean()),
})

function errorOf(input: unknown): z.ZodError {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected a validation error')
  return result.error
}

describe('formatZodError', () => {
  it('names one failing field by its dotted path', () => {
    const body = formatZodError(errorOf({ a: { b: 1 }, list: [], tags: {} }))
    expect(body).toEqual({
      code: 'validation_failed',
      message: 'Validation failed: a.b: Invalid input: expected string, received number',
      details: [{ path: 'a.b', message: 'Invalid input: expected string, received number' }],
    })
    expect(errorBodySchema.parse(body)).toEqual(body)
  })

  it('joins array indices with dots and reports every issue in details', () => {
    const body = formatZodError(errorOf({ a: { b: 'x' }, list: [1, 'two', 3, 'four'], tags: {} }))
    expect(body.details).toEqual([
      { path: 'list.1', message: 'Invalid input: expected number, received string' },
      { path: 'list.3', message: 'Invalid input: expected number, received string' },
    ])
    expect(body.message).toBe(
      'Validation failed: list.1: Invalid input: expected number, received string; ' +
        'list.3: Invalid input: expected number, received string',
    )
  })

  it('uses the key issue of a record instead of "Invalid key in record"', () => {
    const body = formatZodError(errorOf({ a: { b: 'x' }, list: [], tags: { Bad: true } }))
    expect(body.details).toEqual([{ path: 'tags.Bad', message: 'lower-case letters only' }])
  })

  it('names at most three fields in the message and counts the rest', () => {
    const body = formatZodError(errorOf({}))
    expect(body.details.map((d) => d.path)).toEqual(['a', 'list', 'tags'])
    const many = formatZodError(errorOf({ a: 1, list: ['a', 'b', 'c'], tags: 1 }))
    expect(many.details).toHaveLength(5)
    expect(many.message).toBe(
      'Validation failed: a: Invalid input: expected object, received number; ' +
        'list.0: Invalid input: expected number, received string; ' +
        'list.1: Invalid input: expected number, received string (and 2 more)',
    )
  })

  it('shows a root-level issue as (root) with an empty path', () => {
    const body = formatZodError(errorOf('nope'))
    expect(body.details).toEqual([{ path: '', message: 'Invalid input: expected object, received string' }])
    expect(body.message).toBe('Validation failed: (root): Invalid input: expected object, received string')
  })
})

describe('formatPath', () => {
  it('stringifies numbers and symbols', () => {
    expect(formatPath(['a', 0, Symbol('s'), 'b'])).toBe('a.0.s.b')
    expect(formatPath([])).toBe('')
  })
})

describe('errorBodySchema', () => {
  it('accepts a body without details and rejects one without a code', () => {
    expect(errorBodySchema.safeParse({ code: 'not_found', message: 'camera cam-9 not found' }).success).toBe(
      true,
    )
    expect(errorBodySchema.safeParse({ message: 'x' }).success).toBe(false)
  })
})
