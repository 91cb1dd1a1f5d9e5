// The api's log as an operator's log system reads it: JSON lines from pino (nestjs-pino), a
// request id on every line of a request (the caller's X-Request-Id or a new one, answered back),
// no query string (tokens travel there), and a client cannot forge a line. One app in this file:
// nestjs-pino keeps one pino-http per process, the first app's (common/logging.ts).
import { PassThrough } from 'node:stream'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '@ioc/config'
import { testTargets, type TestDatabase } from '@ioc/db/testing'
import { createApi } from '../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../src/config.js'
import { testBrokerUrl } from './support/api.js'

interface Line {
  level: string
  name: string
  time: string
  msg: string
  reqId?: string
  context?: string
  req?: { method: string; path: string }
  res?: { status: number }
}

// No SQL of its own here: the PostgreSQL target is enough.
describe('the api log', () => {
  let database: TestDatabase
  let app: INestApplication
  let base: string
  const lines: Line[] = []

  beforeAll(async () => {
    database = await testTargets.find((t) => t.name === 'postgres')!.create()
    const sink = new PassThrough()
    let rest = ''
    sink.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n')
      rest = parts.pop() ?? ''
      for (const part of parts) if (part) lines.push(JSON.parse(part) as Line)
    })
    const config = resolveApiConfig(
      parseEnv(apiEnvSchema, {
        DATABASE_URL: database.url,
        MQTT_URL: testBrokerUrl,
        LOG_LEVEL: 'info',
        IOC_DEMO: 'true',
        IOC_DEMO_PASSWORD: 'ioc-demo-logging',
        IOC_MEDIA_PLAY_SECRET: 'logging-test-media-secret-of-32-characters',
      }),
    )
    app = await createApi(config, { logDestination: sink })
    await app.listen(0, '127.0.0.1')
    base = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1')
  })

  afterAll(async () => {
    await app?.close()
    await database?.dispose()
  })

  const login = (username: string, requestId?: string) =>
    fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: JSON.stringify({ username, password: 'wrong-password' }),
    })

  it('writes JSON lines with the service name, an ISO time and the level by name', () => {
    const started = lines.find((l) => l.context === 'NestApplication')
    expect(started).toMatchObject({
      name: 'api',
      level: 'info',
      msg: 'Nest application successfully started',
    })
    expect(new Date(started!.time).toISOString()).toBe(started!.time)
  })

  it('puts the request id on every line of a request, and answers it', async () => {
    const res = await login('logging-nobody', 'nginx-4f2a9c1e7b')
    expect(res.status).toBe(401)
    expect(res.headers.get('x-request-id')).toBe('nginx-4f2a9c1e7b')
    await expect.poll(() => lines.filter((l) => l.reqId === 'nginx-4f2a9c1e7b').length).toBe(2)
    const [inside, end] = lines.filter((l) => l.reqId === 'nginx-4f2a9c1e7b')
    // logged by the auth service while handling it, then the request's own line
    expect(inside).toMatchObject({
      context: 'auth',
      level: 'warn',
      msg: expect.stringContaining('logging-nobody'),
    })
    expect(end).toMatchObject({
      level: 'warn',
      msg: 'POST /api/auth/login 401',
      req: { method: 'POST', path: '/api/auth/login' },
      res: { status: 401 },
    })

    // no id given (or one that is no id): a new one, different each time
    const a = (await login('logging-nobody')).headers.get('x-request-id')
    const b = (await login('logging-nobody', 'not an id: spaces and "quotes"')).headers.get('x-request-id')
    expect(a).toMatch(/^[0-9a-f-]{36}$/)
    expect(b).toMatch(/^[0-9a-f-]{36}$/)
    expect(a).not.toBe(b)
  })

  it('logs the path without the query, and probes and scrapes not at all', async () => {
    await fetch(`${base}/cameras/cam-none/snapshot.jpg?token=secret-token-in-query`)
    await fetch(`${base}/health/ready`)
    await fetch(`${base}/health/live`)
    await expect
      .poll(() => lines.some((l) => l.req?.path === '/api/cameras/cam-none/snapshot.jpg'))
      .toBe(true)
    const all = JSON.stringify(lines)
    expect(all).not.toContain('secret-token-in-query')
    expect(lines.some((l) => l.req?.path?.startsWith('/api/health'))).toBe(false)
  })

  it('escapes control characters, so a username cannot forge a line or an escape sequence', async () => {
    const forged = 'admin"\n[Nest] 1  - LOG [auth] login admin (admin)\u001b[7m'
    const res = await login(forged)
    expect(res.status).toBe(401)
    const id = res.headers.get('x-request-id')
    await expect.poll(() => lines.filter((l) => l.reqId === id).length).toBe(2)
    expect(lines.find((l) => l.reqId === id && l.context === 'auth')!.msg).toBe(
      'failed login for "admin"\\n[Nest] 1  - LOG [auth] login admin (admin)\\x1b[7m" from 127.0.0.1 (no such user)',
    )
    expect(lines.some((l) => l.msg.includes('\u001b') || l.msg.startsWith('login admin'))).toBe(false)
  })
})
