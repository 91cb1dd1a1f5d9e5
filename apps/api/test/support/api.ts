// Starts the real api over real HTTP against a test database, for every api test.
import type { INestApplication } from '@nestjs/common'
import { parseEnv } from '@ioc/config'
import { loginResponseSchema, type Role } from '@ioc/contracts'
import type { TestDatabase, TestTarget } from '@ioc/db/testing'
import { createApi } from '../../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../../src/config.js'

export const testBrokerUrl = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
export const demoPassword = 'ioc-demo-test'
/** The api signs media server plays with it; startIngest gives the ingest the same. */
export const testMediaPlaySecret = `media-play-test-${process.pid}-0123456789abcdef`

export interface TestApi {
  app: INestApplication
  /** `http://127.0.0.1:<port>/api` */
  base: string
  database: TestDatabase
  /** An access token of the demo user of that role, by a real login (cached). */
  token(role: Role): Promise<string>
  /** fetch relative to `base`, with that role's token (none when `as` is omitted); JSON bodies. */
  request(
    path: string,
    init?: { as?: Role; method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>
  close(): Promise<void>
}

/** Demo mode by default (the five demo users exist); `env` overrides any variable (undefined: unset). */
export async function startTestApi(
  target: TestTarget,
  env: Record<string, string | undefined> = {},
): Promise<TestApi> {
  const database = await target.create()
  let app: INestApplication
  try {
    const config = resolveApiConfig(
      parseEnv(apiEnvSchema, {
        DATABASE_URL: database.url,
        MQTT_URL: testBrokerUrl,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
        IOC_DEMO: 'true',
        IOC_DEMO_PASSWORD: demoPassword,
        IOC_MEDIA_PLAY_SECRET: testMediaPlaySecret,
        ...env,
      }),
    )
    app = await createApi(config)
    await app.listen(0, '127.0.0.1')
  } catch (err) {
    await database.dispose()
    throw err
  }
  const base = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1')
  const tokens = new Map<Role, Promise<string>>()

  const token = (role: Role) => {
    let t = tokens.get(role)
    if (!t) {
      t = fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: role, password: demoPassword }),
      }).then(async (res) => {
        if (res.status !== 200) throw new Error(`login as ${role}: ${res.status} ${await res.text()}`)
        return loginResponseSchema.parse(await res.json()).accessToken
      })
      tokens.set(role, t)
    }
    return t
  }

  return {
    app,
    base,
    database,
    token,
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers }
      if (init.as) headers.authorization = `Bearer ${await token(init.as)}`
      let body: string | undefined
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
        headers['content-type'] ??= 'application/json'
      }
      return fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body })
    },
    async close() {
      await app.close()
      await database.dispose()
    },
  }
}
