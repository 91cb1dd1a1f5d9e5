import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'

// No SQL of its own here: the PostgreSQL target is enough.
describe('one error body everywhere', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(testTargets.find((t) => t.name === 'postgres')!)
  })
  afterAll(async () => {
    await api?.close()
  })

  const errorOf = async (res: Response) => errorBodySchema.strict().parse(await res.json())

  it('answers an unknown route with 404 in the error shape, with or without a token', async () => {
    for (const as of [undefined, 'admin'] as const) {
      const res = await api.request('/no-such-thing', { as })
      expect(res.status).toBe(404)
      expect(await errorOf(res)).toEqual({ code: 'not_found', message: 'Cannot GET /api/no-such-thing' })
    }
  })

  it('answers a body that is not JSON with 400 bad_request', async () => {
    const res = await api.request('/auth/login', { method: 'POST', body: '{"username": ' })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('bad_request')
  })

  it('answers 401 and 400 in the same shape', async () => {
    const unauthorized = await errorOf(await api.request('/auth/me'))
    expect(unauthorized.code).toBe('unauthorized')
    const invalid = await errorOf(
      await api.request('/auth/login', { method: 'POST', body: { username: '', password: 7 } }),
    )
    expect(invalid.code).toBe('validation_failed')
    expect(invalid.details?.map((d) => d.path)).toEqual(['username', 'password'])
  })

  it('refuses a body above the limit with 413 payload_too_large', async () => {
    const res = await api.request('/auth/login', {
      method: 'POST',
      body: { username: 'x', password: 'y'.repeat(2_000_000) },
    })
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('payload_too_large')
  })
})
