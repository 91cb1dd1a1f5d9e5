import type { INestApplication } from '@nestjs/common'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '@ioc/config'
import { errorBodySchema, loginResponseSchema, type LoginResponse } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { createApi } from '../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../src/config.js'
import { demoPassword, startTestApi, testBrokerUrl, type TestApi } from './support/api.js'

const secret = 'refresh-test-secret-of-at-least-32-characters'
const day = 86_400_000

async function post(base: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function session(res: Response): Promise<LoginResponse> {
  expect(res.status).toBe(200)
  return loginResponseSchema.parse(await res.json())
}

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(401)
  expect(errorBodySchema.parse(await res.json()).code).toBe('invalid_refresh_token')
}

/** Another api process on the same database and secret: a replica, or the same api restarted. */
async function replica(databaseUrl: string): Promise<{ app: INestApplication; base: string }> {
  const app = await createApi(
    resolveApiConfig(
      parseEnv(apiEnvSchema, {
        DATABASE_URL: databaseUrl,
        MQTT_URL: testBrokerUrl,
        LOG_LEVEL: 'error',
        IOC_DEMO: 'true',
        IOC_DEMO_PASSWORD: demoPassword,
        IOC_JWT_SECRET: secret,
      }),
    ),
  )
  await app.listen(0, '127.0.0.1')
  return { app, base: `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1') }
}

describe.each(testTargets)('refresh tokens on $name', (target) => {
  let api: TestApi
  let sql: pg.Pool
  const login = (username = 'operator') =>
    post(api.base, '/auth/login', { username, password: demoPassword }).then(session)
  const refresh = (refreshToken: string, base = api.base) => post(base, '/auth/refresh', { refreshToken })

  beforeAll(async () => {
    api = await startTestApi(target, { IOC_JWT_SECRET: secret })
    sql = new pg.Pool({ connectionString: api.database.url, max: 1 })
  })
  afterAll(async () => {
    await sql?.end()
    await api?.close()
  })

  it('logs in with a refresh token of 30 days, and rotates it for a new access token', async () => {
    const first = await login()
    expect(Date.parse(first.refreshExpiresAt) - Date.now()).toBeGreaterThan(30 * day - 60_000)
    await new Promise((r) => setTimeout(r, 1_100)) // a new access token differs by its iat
    const second = await session(await refresh(first.refreshToken))
    expect(second.user).toEqual(first.user)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    // sliding: the lifetime starts again at each rotation
    expect(Date.parse(second.refreshExpiresAt)).toBeGreaterThan(Date.parse(first.refreshExpiresAt))
    const me = await api.request('/auth/me', { headers: { authorization: `Bearer ${second.accessToken}` } })
    expect(me.status).toBe(200)
    // stored hashed: the token itself is nowhere in the table
    const { rows } = await sql.query<{ token_hash: string }>('select token_hash from refresh_tokens')
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.map((r) => r.token_hash)).not.toContain(first.refreshToken)
  })

  it('refuses a spent token, and its reuse revokes the whole family', async () => {
    const first = await login()
    const second = await session(await refresh(first.refreshToken))
    await expectRefused(await refresh(first.refreshToken))
    // the copy was used: the legitimate holder's newer token dies with it
    await expectRefused(await refresh(second.refreshToken))
    // another login (another family) is not affected
    const other = await login()
    await session(await refresh(other.refreshToken))
  })

  it('lets exactly one of two concurrent uses of one token through, and revokes the family', async () => {
    const { refreshToken } = await login()
    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401])
    const winner = loginResponseSchema.parse(await answers.find((r) => r.status === 200)!.json())
    await expectRefused(await refresh(winner.refreshToken))
  })

  it('refuses an expired, an unknown and a malformed token with the one error body', async () => {
    const { refreshToken } = await login()
    await sql.query(
      `update refresh_tokens set expires_at = now() - interval '1 second' where used_at is null`,
    )
    await expectRefused(await refresh(refreshToken))
    await expectRefused(await refresh('not-a-token-we-issued'))
    const bad = await post(api.base, '/auth/refresh', { refreshToken: '' })
    expect(bad.status).toBe(400)
    expect(errorBodySchema.parse(await bad.json()).code).toBe('validation_failed')
  })

  it('ends the session at logout, idempotently', async () => {
    const first = await login()
    const second = await session(await refresh(first.refreshToken))
    const out = await post(api.base, '/auth/logout', { refreshToken: first.refreshToken })
    expect(out.status).toBe(204)
    await expectRefused(await refresh(second.refreshToken))
    expect((await post(api.base, '/auth/logout', { refreshToken: second.refreshToken })).status).toBe(204)
    expect((await post(api.base, '/auth/logout', { refreshToken: 'never-issued' })).status).toBe(204)
  })

  it('refuses a disabled user both refresh and login, and picks up a changed district', async () => {
    const mine = await login('traffic')
    await sql.query(`update users set district = 'Hội An' where username = 'traffic'`)
    const moved = await session(await refresh(mine.refreshToken))
    expect(moved.user.district).toBe('Hội An')
    await sql.query(`update users set disabled_at = now() where username = 'traffic'`)
    try {
      await expectRefused(await refresh(moved.refreshToken))
      const again = await post(api.base, '/auth/login', { username: 'traffic', password: demoPassword })
      expect(again.status).toBe(401)
    } finally {
      await sql.query(`update users set disabled_at = null, district = null where username = 'traffic'`)
    }
    // enabled again, the old session stays revoked: a new login is needed
    await expectRefused(await refresh(moved.refreshToken))
    await login('traffic')
  })

  it('works across replicas and after a restart (the tokens are in the database)', async () => {
    const fromA = await login('leader')
    const b = await replica(api.database.url)
    let fromB: LoginResponse
    try {
      fromB = await session(await refresh(fromA.refreshToken, b.base))
    } finally {
      await b.app.close()
    }
    const restarted = await replica(api.database.url)
    try {
      const fromC = await session(await refresh(fromB.refreshToken, restarted.base))
      expect(fromC.user.username).toBe('leader')
    } finally {
      await restarted.app.close()
    }
  })
})
