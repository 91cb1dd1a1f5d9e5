import { readFileSync } from 'node:fs'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '@ioc/config'
import mqtt from 'mqtt'
import { healthSchema, probeAnswerSchema, streams } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { testTargets, type TestDatabase } from '@ioc/db/testing'
import { createApi } from '../src/bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from '../src/config.js'
import { DATABASE } from '../src/database/database.module.js'
import { parseAnswer } from './support/answers.js'
import { startPrivateBroker, type PrivateBroker } from './support/private-broker.js'

const apiVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

describe.each(testTargets)('GET /api/health on $name', (target) => {
  let env: TestDatabase
  let app: INestApplication
  let base: string
  // the health answer folds every heartbeat on the broker: a broker of this test's own
  let broker: PrivateBroker
  let brokerUrl: string

  beforeAll(async () => {
    broker = await startPrivateBroker()
    brokerUrl = broker.url
    env = await target.create()
    const config = resolveApiConfig(
      parseEnv(apiEnvSchema, {
        DATABASE_URL: env.url,
        MQTT_URL: brokerUrl,
        LOG_LEVEL: 'error',
        IOC_JWT_SECRET: 'health-test-secret-of-32-characters-or-more',
        IOC_MEDIA_PLAY_SECRET: 'health-test-media-secret-of-32-characters',
      }),
    )
    app = await createApi(config)
    await app.listen(0, '127.0.0.1')
    base = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1')
  })

  afterAll(async () => {
    await app?.close()
    await env?.dispose()
    await broker?.stop()
  })

  it('reports the database dialect and the broker', async () => {
    await expect
      .poll(async () => parseAnswer(healthSchema, await (await fetch(`${base}/health`)).json()).broker.ok, {
        timeout: 10_000,
      })
      .toBe(true)
    const res = await fetch(`${base}/health`)
    expect(res.status).toBe(200)
    const body = parseAnswer(healthSchema, await res.json())
    expect(body.db).toMatchObject({ ok: true, dialect: target.expectedDialect })
    expect(body.broker).toEqual({ ok: true, url: brokerUrl })
    expect(body.status).toBe('ok')
    expect(body.version).toBe(apiVersion)
  })

  it('answers liveness and readiness probes, every readiness check by name', async () => {
    const live = await fetch(`${base}/health/live`)
    expect(live.status).toBe(200)
    expect(parseAnswer(probeAnswerSchema, await live.json()).checks.eventLoop).toMatchObject({ ok: true })
    await expect.poll(async () => (await fetch(`${base}/health/ready`)).status, { timeout: 10_000 }).toBe(200)
    const ready = parseAnswer(probeAnswerSchema, await (await fetch(`${base}/health/ready`)).json())
    expect(ready).toEqual({
      status: 'ok',
      checks: {
        database: { ok: true, detail: target.expectedDialect },
        migrations: { ok: true, detail: 'all applied' },
        broker: { ok: true, detail: brokerUrl },
        accepting: { ok: true },
      },
    })
  })

  it('folds the heartbeats of service replicas into one line per pipeline', async () => {
    const service = `svc${process.pid}${target.name[0]}`
    const publisher = await mqtt.connectAsync(brokerUrl)
    const beat = (instance: string, ok: boolean, detail: string) =>
      publisher.publishAsync(
        streams.serviceStatus.topic({ service: service, instance: instance }),
        JSON.stringify({
          service,
          instance,
          at: new Date().toISOString(),
          pipelines: { sensors: { ok, detail } },
        }),
        { qos: 1, retain: true },
      )
    try {
      await beat('a', true, 'replica a fine')
      await beat('b', false, 'replica b buffering')
      await expect
        .poll(
          async () =>
            parseAnswer(healthSchema, await (await fetch(`${base}/health`)).json()).pipelines[
              `${service}.sensors`
            ],
          {
            timeout: 5000,
          },
        )
        .toEqual({ ok: false, detail: 'replica a fine; replica b buffering' })
    } finally {
      // clean goodbyes: the fold drops a replica that says goodbye
      await publisher.publishAsync(streams.serviceStatus.topic({ service: service, instance: 'a' }), '', {
        qos: 1,
        retain: true,
      })
      await publisher.publishAsync(streams.serviceStatus.topic({ service: service, instance: 'b' }), '', {
        qos: 1,
        retain: true,
      })
      await publisher.endAsync()
    }
    await expect
      .poll(
        async () =>
          parseAnswer(healthSchema, await (await fetch(`${base}/health`)).json()).pipelines[
            `${service}.sensors`
          ],
        {
          timeout: 5000,
        },
      )
      .toBeUndefined()
  })

  it('is not ready while a migration of this build is not applied', async () => {
    const db = app.get<Database>(DATABASE)
    const last = await db.pool.query<{ version: number; name: string }>(
      'delete from ioc_migrations where version = (select max(version) from ioc_migrations) returning version, name',
    )
    const ready = await fetch(`${base}/health/ready`)
    expect(ready.status).toBe(503)
    expect(parseAnswer(probeAnswerSchema, await ready.json()).checks.migrations).toEqual({
      ok: false,
      detail: `not applied: ${last.rows[0]!.name}`,
    })
  })

  it('answers 503 with the reason when the database is gone', async () => {
    await env.dispose()
    const res = await fetch(`${base}/health`)
    expect(res.status).toBe(503)
    const body = parseAnswer(healthSchema, await res.json())
    expect(body.status).toBe('down')
    expect(body.db.ok).toBe(false)
    expect(body.db.error).toBeTruthy()
    // not ready without its database; still live: a restart would not bring the database back
    const ready = await fetch(`${base}/health/ready`)
    expect(ready.status).toBe(503)
    const probe = parseAnswer(probeAnswerSchema, await ready.json())
    expect(probe.status).toBe('failing')
    expect(probe.checks.database!.ok).toBe(false)
    expect((await fetch(`${base}/health/live`)).status).toBe(200)
    env = { url: env.url, dispose: () => Promise.resolve() }
  })
})
