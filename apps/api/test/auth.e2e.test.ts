import { JwtService } from '@nestjs/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from '@ioc/config'
import { errorBodySchema, loginResponseSchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { apiEnvSchema } from '../src/config.js'
import { demoPassword, startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

const secret = 'test-secret-of-at-least-thirty-two-characters'
const login = (api: TestApi, username: string, password: string) =>
  api.request('/auth/login', { method: 'POST', body: { username, password } })

describe.each(testTargets)('auth on $name', (target) => {
  let api: TestApi

  beforeAll(async () => {
    api = await startTestApi(target, { IOC_JWT_SECRET: secret })
  })
  afterAll(async () => {
    await api?.close()
  })

  it('logs every demo user in with its role and gives a token the api accepts', async () => {
    for (const role of ['admin', 'operator', 'leader', 'traffic', 'security'] as const) {
      const res = await login(api, role, demoPassword)
      expect(res.status).toBe(200)
      const body = loginResponseSchema.parse(await res.json())
      expect(body.user).toEqual({ id: `demo-${role}`, username: role, role, district: null })
      const me = await api.request('/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toEqual({ sub: `demo-${role}`, username: role, role, district: null })
    }
  })

  it('refuses a wrong password and an unknown user alike, without saying which', async () => {
    const wrong = await login(api, 'operator', 'not-the-password')
    const unknown = await login(api, 'nobody', 'whatever')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
  })

  it('answers 401 without a token, with a forged one and with an expired one', async () => {
    expect((await api.request('/auth/me')).status).toBe(401)
    const claims = { sub: 'demo-admin', username: 'admin', role: 'admin', district: null }
    const forged = new JwtService({ secret: 'another-secret-of-at-least-thirty-two-chars' }).sign(claims)
    const expired = new JwtService({ secret }).sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })
    const valid = new JwtService({ secret }).sign(claims)
    for (const token of [forged, expired, 'not-a-jwt']) {
      const res = await api.request('/auth/me', { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(401)
      expect(parseAnswer(errorBodySchema, await res.json()).code).toBe('unauthorized')
    }
    const ok = await api.request('/auth/me', { headers: { authorization: `Bearer ${valid}` } })
    expect(ok.status).toBe(200)
  })

  it('names the missing field of a bad login body', async () => {
    const res = await api.request('/auth/login', { method: 'POST', body: { username: 'admin' } })
    expect(res.status).toBe(400)
    const body = parseAnswer(errorBodySchema, await res.json())
    expect(body.code).toBe('validation_failed')
    expect(body.details?.map((d) => d.path)).toEqual(['password'])
    expect(body.message).toContain('password')
  })

  it('makes a username wait after 3 failures from one address, with Retry-After, and not other users', async () => {
    for (let i = 0; i < 3; i++) expect((await login(api, 'security', 'wrong')).status).toBe(401)
    const throttled = await login(api, 'security', demoPassword)
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBe(1)
    expect(parseAnswer(errorBodySchema, await throttled.json()).code).toBe('too_many_login_attempts')
    expect((await login(api, 'traffic', demoPassword)).status).toBe(200)
  })
})

describe('auth outside demo mode', () => {
  it('requires IOC_JWT_SECRET, naming it', () => {
    expect(() => parseEnv(apiEnvSchema, {})).toThrow(ConfigError)
    expect(() => parseEnv(apiEnvSchema, {})).toThrow(/IOC_JWT_SECRET: got nothing, expected a secret/)
    const mediaPlay = { IOC_MEDIA_PLAY_SECRET: 'media-play-secret-of-at-least-32-characters' }
    expect(parseEnv(apiEnvSchema, { IOC_JWT_SECRET: secret, ...mediaPlay }).IOC_JWT_SECRET).toBe(secret)
    expect(parseEnv(apiEnvSchema, { IOC_DEMO: 'true' }).IOC_JWT_SECRET).toBeUndefined()
  })

  it('creates no demo users', async () => {
    const api = await startTestApi(testTargets[1]!, { IOC_DEMO: 'false', IOC_JWT_SECRET: secret })
    try {
      expect((await login(api, 'admin', demoPassword)).status).toBe(401)
      expect((await login(api, 'admin', 'ioc-demo')).status).toBe(401)
    } finally {
      await api.close()
    }
  })
})
