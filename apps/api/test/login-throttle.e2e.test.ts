import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema, loginResponseSchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { demoPassword, startTestApi, type TestApi } from './support/api.js'

// Login throttling as the api sees it behind one nginx (IOC_TRUST_PROXY=1): the proxy's
// X-Forwarded-For names the client. Addresses from the documentation ranges (RFC 5737).
const postgres = testTargets[1]!

const login = (api: TestApi, username: string, password: string, forwardedFor?: string) =>
  api.request('/auth/login', {
    method: 'POST',
    body: { username, password },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  })

async function expectThrottled(res: Response): Promise<number> {
  expect(res.status).toBe(429)
  expect(errorBodySchema.parse(await res.json()).code).toBe('too_many_login_attempts')
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  return retryAfter
}

describe('login throttling behind a trusted proxy', () => {
  let api: TestApi

  beforeAll(async () => {
    api = await startTestApi(postgres, { IOC_TRUST_PROXY: '1' })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('10 wrong admin passwords from one client do not keep admin out from another', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await login(api, 'admin', 'guess', '198.51.100.1')).status)
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
    expect(statuses.slice(3)).toEqual(Array(7).fill(429))
    // the right password from the attacker's address waits too: the answer must not tell
    await expectThrottled(await login(api, 'admin', demoPassword, '198.51.100.1'))
    const ok = await login(api, 'admin', demoPassword, '198.51.100.2')
    expect(ok.status).toBe(200)
    expect(loginResponseSchema.parse(await ok.json()).user.username).toBe('admin')
  })

  it('refuses a source after 10 distinct failed usernames, and only that source', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) statuses.push((await login(api, `nobody-${i}`, 'x', '198.51.100.3')).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual(Array(30).fill(429))
    const retryAfter = await expectThrottled(await login(api, 'operator', demoPassword, '198.51.100.3'))
    expect(retryAfter).toBeGreaterThan(800)
    expect(retryAfter).toBeLessThanOrEqual(900)
    expect((await login(api, 'nobody-41', 'x', '198.51.100.4')).status).toBe(401)
    expect((await login(api, 'operator', demoPassword, '198.51.100.4')).status).toBe(200)
  })

  it('makes each further failure wait longer: 1 s, then 2 s', async () => {
    const client = '198.51.100.5'
    for (let i = 0; i < 3; i++) expect((await login(api, 'leader', 'guess', client)).status).toBe(401)
    expect(await expectThrottled(await login(api, 'leader', 'guess', client))).toBe(1)
    await new Promise((r) => setTimeout(r, 1_100))
    expect((await login(api, 'leader', 'guess', client)).status).toBe(401)
    expect(await expectThrottled(await login(api, 'leader', demoPassword, client))).toBe(2)
    await new Promise((r) => setTimeout(r, 2_100))
    expect((await login(api, 'leader', demoPassword, client)).status).toBe(200)
    // a success forgets the failures
    expect((await login(api, 'leader', 'guess', client)).status).toBe(401)
  })

  it('takes the address the proxy appended, not one the client wrote itself', async () => {
    for (let i = 0; i < 3; i++)
      expect((await login(api, 'traffic', 'guess', `10.9.9.${i}, 198.51.100.6`)).status).toBe(401)
    await expectThrottled(await login(api, 'traffic', 'guess', '10.9.9.99, 198.51.100.6'))
  })
})

describe('login throttling without a trusted proxy (the default)', () => {
  it('ignores X-Forwarded-For, so a client cannot dodge its backoff by writing one', async () => {
    const api = await startTestApi(postgres)
    try {
      for (let i = 0; i < 3; i++)
        expect((await login(api, 'security', 'guess', `198.51.100.${10 + i}`)).status).toBe(401)
      await expectThrottled(await login(api, 'security', 'guess', '198.51.100.20'))
    } finally {
      await api.close()
    }
  })
})
