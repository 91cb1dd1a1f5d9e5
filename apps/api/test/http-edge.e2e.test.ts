import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'
import { openApiDocumentSchema } from './support/answers.js'

// The HTTP edge: input the database cannot hold, log lines, CORS, security headers, docs.
const postgres = testTargets.find((t) => t.name === 'postgres')!
const evil = 'https://evil.example'
const dashboard = 'https://ioc.example.vn'

describe('the HTTP edge', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(postgres, { IOC_DASHBOARD_ORIGIN: dashboard })
  })
  afterAll(async () => {
    await api?.close()
  })

  const expectValidation = async (res: Response, path: string) => {
    expect(res.status).toBe(400)
    const body = errorBodySchema.strict().parse(await res.json())
    expect(body.code).toBe('validation_failed')
    expect(body.details?.map((d) => d.path)).toEqual([path])
  }

  it('answers a control character in an id, a filter or a query with 400, not a database error', async () => {
    await expectValidation(await api.request('/rules/a%00b', { as: 'admin' }), 'id')
    await expectValidation(await api.request('/alerts/a%00b', { as: 'admin' }), 'id')
    await expectValidation(await api.request('/alerts?district=%00', { as: 'admin' }), 'district')
    await expectValidation(
      await api.request('/alerts?district=H%E1%BB%99i%0AAn', { as: 'admin' }),
      'district',
    )
    await expectValidation(await api.request('/rules/a%00b', { as: 'admin', method: 'DELETE' }), 'id')
    // a body may hold line breaks in free text, never NUL
    await expectValidation(
      await api.request('/alerts/some-alert/comment', {
        as: 'operator',
        method: 'POST',
        body: { text: 'nul \u0000 here' },
      }),
      'text',
    )
    const unknown = await api.request('/alerts/no-such-alert/comment', {
      as: 'operator',
      method: 'POST',
      body: { text: 'two\nlines' },
    })
    expect(unknown.status).toBe(404)
  })

  it('allows the dashboard origin cross-origin and no other, on HTTP and on Socket.IO', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.base}/health`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      })
    expect((await preflight(dashboard)).headers.get('access-control-allow-origin')).toBe(dashboard)
    expect((await preflight(evil)).headers.get('access-control-allow-origin')).toBeNull()
    const polling = (origin: string) =>
      fetch(`${api.base.replace(/\/api$/, '')}/socket.io/?EIO=4&transport=polling`, { headers: { origin } })
    const bad = await polling(evil)
    expect(bad.headers.get('access-control-allow-origin')).toBeNull()
    expect(bad.headers.get('access-control-allow-credentials')).toBeNull()
    expect((await polling(dashboard)).headers.get('access-control-allow-origin')).toBe(dashboard)
  })

  it('sends security headers and no X-Powered-By', async () => {
    for (const res of [await api.request('/health'), await api.request('/no-such-thing')]) {
      expect(res.headers.get('x-powered-by')).toBeNull()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("worker-src 'self' blob:")
      expect(csp).toContain("media-src 'self' blob:")
      expect(csp).not.toContain('upgrade-insecure-requests')
    }
  })

  it('documents /api/metrics, live.flv and snapshot.jpg as needing a token, login and health as public', async () => {
    const doc = openApiDocumentSchema.parse(await (await api.request('/docs/openapi.json')).json())
    for (const path of ['/api/metrics', '/api/cameras/{id}/live.flv', '/api/cameras/{id}/snapshot.jpg']) {
      const op = doc.paths[path]!.get!
      expect(op.description).not.toMatch(/roles: public/)
      expect(op.security).toEqual([{ bearer: [] }])
    }
    expect(doc.paths['/api/metrics']!.get!.description).toContain('IOC_METRICS_TOKEN')
    for (const path of ['/api/health', '/api/auth/login', '/api/auth/refresh'])
      expect(doc.paths[path]![path === '/api/health' ? 'get' : 'post']!.description).toMatch(/roles: public/)
  })
})
