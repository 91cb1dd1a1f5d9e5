import { describe, expect, it } from 'vitest'
import { healthSchema, type Health } from '@ioc/contracts'
import { ApiError, NetworkError, ResponseShapeError } from './api-error.js'
import { createApiClient, type ClientAuth } from './client.js'

const health: Health = {
  status: 'ok',
  db: { ok: true, dialect: 'timescaledb', latencyMs: 1 },
  broker: { ok: true, url: 'mqtt://x' },
  pipelines: {},
  version: '0.1.0',
  uptimeS: 1,
}

type Call = { url: string; init: RequestInit }
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: Call[] = []
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const next = answers.shift()
    if (!next) throw new Error('no more answers')
    if (next instanceof Error) throw next
    return next
  }) as unknown as typeof fetch
  return { fn, calls }
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
const auth = (token: string, renewed: string | null): ClientAuth & { renewals: string[] } => {
  const renewals: string[] = []
  return { renewals, token: async () => token, renew: async (t) => (renewals.push(t), renewed) }
}

describe('api client', () => {
  it('sends the token and parses the answer with its schema', async () => {
    const { fn, calls } = fakeFetch(json(200, health))
    const api = createApiClient({ fetch: fn, auth: auth('tok', null) })
    expect(
      await api.get('/api/health', healthSchema, { query: { a: 1, b: ['x', 'y'], c: undefined } }),
    ).toEqual(health)
    expect(calls[0]!.url).toBe('/api/health?a=1&b=x%2Cy')
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok')
  })

  it('sends a text body (a CSV upload) as it is, with its own content type', async () => {
    const { fn, calls } = fakeFetch(json(201, health))
    const api = createApiClient({ fetch: fn, auth: auth('tok', null) })
    await api.request('POST', '/api/kpis/k/values', healthSchema, {
      text: { content: 'period,value\n2025,1\n', type: 'text/csv' },
    })
    expect(calls[0]!.init.body).toBe('period,value\n2025,1\n')
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('text/csv')
  })

  it('turns the error body into an ApiError with its code, status and Retry-After', async () => {
    const body = { code: 'too_many_login_attempts', message: 'retry in 42 s' }
    const { fn } = fakeFetch(json(429, body, { 'retry-after': '42' }))
    const err = await createApiClient({ fetch: fn })
      .post('/api/auth/login', {}, healthSchema)
      .catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 429, code: 'too_many_login_attempts', retryAfterS: 42, body })
  })

  it('gives a typed error for an error answer that is not the error body (a proxy 502 page)', async () => {
    const { fn } = fakeFetch(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    )
    const err = await createApiClient({ fetch: fn })
      .get('/api/health', healthSchema)
      .catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 502, code: 'service_unavailable', message: '502 Bad Gateway' })
  })

  it('refuses an answer that does not match its contract, naming the field', async () => {
    const { fn } = fakeFetch(json(200, { ...health, uptimeS: 'soon' }))
    const err = await createApiClient({ fetch: fn })
      .get('/api/health', healthSchema)
      .catch((e) => e)
    expect(err).toBeInstanceOf(ResponseShapeError)
    expect(err.body.code).toBe('validation_failed')
    expect(err.body.details).toContainEqual(expect.objectContaining({ path: 'uptimeS' }))
  })

  it('on a 401 asks the session for a fresh token and retries once with it', async () => {
    const { fn, calls } = fakeFetch(
      json(401, { code: 'unauthorized', message: 'expired' }),
      json(200, health),
    )
    const a = auth('old', 'new')
    expect(await createApiClient({ fetch: fn, auth: a }).get('/api/health', healthSchema)).toEqual(health)
    expect(a.renewals).toEqual(['old'])
    expect((calls[1]!.init.headers as Record<string, string>).authorization).toBe('Bearer new')
  })

  it('gives up with the 401 when the session cannot be renewed', async () => {
    const { fn, calls } = fakeFetch(json(401, { code: 'unauthorized', message: 'expired' }))
    const err = await createApiClient({ fetch: fn, auth: auth('old', null) })
      .get('/api/health', healthSchema)
      .catch((e) => e)
    expect(err).toMatchObject({ status: 401, code: 'unauthorized' })
    expect(calls).toHaveLength(1)
  })

  it('reports an unreachable api as a NetworkError', async () => {
    const { fn } = fakeFetch(new TypeError('Failed to fetch'))
    const err = await createApiClient({ fetch: fn })
      .get('/api/health', healthSchema)
      .catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
  })

  it('reports an answer cut mid-body as a NetworkError, and one that is not JSON as a wrong answer', async () => {
    const cut = new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"status":"o'))
          c.error(new TypeError('network error'))
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    )
    const notJson = new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } })
    const { fn } = fakeFetch(cut, notJson)
    const api = createApiClient({ fetch: fn })
    expect(await api.get('/api/health', healthSchema).catch((e) => e)).toBeInstanceOf(NetworkError)
    expect(await api.get('/api/health', healthSchema).catch((e) => e)).toMatchObject({
      name: 'ResponseShapeError',
      body: { code: 'invalid_json' },
    })
  })
})
