import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { startTestApi, type TestApi } from './support/api.js'
import { openApiDocumentSchema } from './support/answers.js'

const metricsToken = 'scraper-token-0123456789'

// No SQL of its own here: the PostgreSQL target is enough.
describe('docs and metrics', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(
      testTargets.find((t) => t.name === 'postgres')!,
      {
        IOC_METRICS_TOKEN: metricsToken,
      },
    )
  })
  afterAll(async () => {
    await api?.close()
  })

  it('serves Swagger UI and the OpenAPI document without login, schemas from the contracts', async () => {
    const ui = await api.request('/docs')
    expect(ui.status).toBe(200)
    expect(ui.headers.get('content-type')).toContain('text/html')
    const res = await api.request('/docs/openapi.json')
    expect(res.status).toBe(200)
    const doc = openApiDocumentSchema.parse(await res.json())
    expect(doc.openapi).toMatch(/^3\./)
    const login = doc.paths['/api/auth/login']!.post!
    expect(login.security).toEqual([])
    const body = z
      .object({ properties: z.record(z.string(), z.unknown()), required: z.array(z.string()) })
      .parse(login.requestBody!.content['application/json']!.schema)
    expect(Object.keys(body.properties).sort()).toEqual(['password', 'username'])
    expect(body.required.sort()).toEqual(['password', 'username'])
    const me = doc.paths['/api/auth/me']!.get!
    expect(me.security).toEqual([{ bearer: [] }])
    expect(me.description).toContain('any signed-in role')
    expect(doc.components.schemas.ErrorBody).toBeDefined()
  })

  it('gives metrics to admins and to the scraper token only', async () => {
    expect((await api.request('/metrics')).status).toBe(401)
    expect((await api.request('/metrics', { as: 'operator' })).status).toBe(403)
    expect((await api.request('/metrics', { as: 'leader' })).status).toBe(403)
    const bad = await api.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })
    expect(bad.status).toBe(401)
    const admin = await api.request('/metrics', { as: 'admin' })
    expect(admin.status).toBe(200)
    expect(admin.headers.get('content-type')).toContain('text/plain')
    const scraper = await api.request('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } })
    expect(scraper.status).toBe(200)
    expect(await scraper.text()).toContain('ioc_api_process_cpu_seconds_total')
  })

  it('times requests by route template and status, unknown paths folded into one series', async () => {
    await api.request('/auth/me', { as: 'traffic' })
    await api.request('/auth/me')
    await api.request('/sensors-that-do-not-exist/42')
    const text = await (await api.request('/metrics', { as: 'admin' })).text()
    const count = (labels: string) =>
      Number(
        text.match(new RegExp(`ioc_http_request_duration_seconds_count\\{${labels}\\} (\\d+)`))?.[1] ?? 0,
      )
    expect(count('method="GET",route="/api/auth/me",status="200"')).toBeGreaterThanOrEqual(1)
    expect(count('method="GET",route="/api/auth/me",status="401"')).toBeGreaterThanOrEqual(1)
    expect(count('method="GET",route="unmatched",status="404"')).toBeGreaterThanOrEqual(1)
    expect(text).not.toContain('sensors-that-do-not-exist')
  })

  it('counts socket clients and active alerts, and has the event-loop delay', async () => {
    const scrape = async () => (await api.request('/metrics', { as: 'admin' })).text()
    const value = (text: string, series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.slice(series.length + 1) ?? NaN,
      )
    const before = await scrape()
    expect(value(before, 'ioc_api_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0)
    expect(value(before, 'ioc_api_socket_clients')).toBe(0)
    const unacknowledged = 'ioc_api_alerts_active{severity="major",acknowledged="false"}'
    expect(value(before, unacknowledged)).toBe(0)

    const socket = io(new URL(api.base).origin, {
      path: '/socket.io',
      auth: { token: await api.token('operator') },
      transports: ['websocket'],
    })
    try {
      await new Promise<void>((ok, fail) => {
        socket.once('connect', ok)
        socket.once('connect_error', fail)
      })
      expect(value(await scrape(), 'ioc_api_socket_clients')).toBe(1)
    } finally {
      socket.close()
    }
    await expect.poll(async () => value(await scrape(), 'ioc_api_socket_clients')).toBe(0)

    await api.app.get(AlertsService).raise({
      sourceType: 'camera',
      sourceId: 'cam-metrics-1',
      ruleId: 'metrics-test',
      severity: 'major',
      category: 'traffic',
      subCategory: 'trafficJam',
      district: 'Tam Kỳ',
      title: 'metrics',
      description: 'metrics',
      at: new Date(),
      detail: {},
    })
    expect(value(await scrape(), unacknowledged)).toBe(1)
  })
})
