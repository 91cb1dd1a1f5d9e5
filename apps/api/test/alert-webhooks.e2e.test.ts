// Rules' webhooks end to end: a real breach over the real broker raises an alert; a real local
// HTTP receiver gets it, signed, retried with backoff until it accepts, exactly once.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import {
  alertDetailSchema,
  alertListSchema,
  alertWebhookPayloadSchema,
  errorBodySchema,
  ruleSchema,
  streams,
  type Alert,
} from '@ioc/contracts'
import { AlertsRepository, RulesRepository, WebhookDeliveriesRepository, type Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { EscalationService } from '../src/alerts/escalation/escalation.service.js'
import { WebhooksService } from '../src/alerts/webhooks/webhooks.service.js'
import { DATABASE } from '../src/database/database.module.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

interface Received {
  at: number
  headers: IncomingHttpHeaders
  body: string
  status: number
}

/** A receiver answering each request with the next status of `script` (the last one repeats). */
async function receiver(script: number[]): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const status = script[Math.min(got.length, script.length - 1)]!
      got.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server }
}

const run = `${process.pid}-${Date.now() % 100000}`
const secret = `webhook-secret-${run}-0123456789`
const sign = (body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

describe.each(testTargets)('rule webhooks on $name', (target) => {
  let api: TestApi
  let broker: MqttClient
  const servers: Server[] = []
  const publish = (deviceId: string) =>
    broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([{ deviceId, metric: 'water_level_cm', ts: new Date().toISOString(), value: 150 }]),
      { qos: 1 },
    )
  const rule = async (name: string, device: string, url: string, extra: object = {}) => {
    const res = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: `hook-${name}-${target.name}-${run}`.slice(0, 60),
        name: `Webhook ${name}`,
        kind: 'threshold',
        severity: 'major',
        category: 'naturalDisaster',
        subCategory: 'flood',
        target: { sourceIds: [device] },
        params: { metric: 'water_level_cm', op: 'gt', value: 100 },
        webhook: { url, secret },
        ...extra,
      },
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return parseAnswer(ruleSchema, await res.json())
  }
  const alertOf = async (device: string): Promise<Alert | undefined> =>
    parseAnswer(alertListSchema, await (await api.request('/alerts', { as: 'operator' })).json()).items.find(
      (a) => a.sourceId === device,
    )

  beforeAll(async () => {
    api = await startTestApi(target)
    broker = await mqtt.connectAsync(testBrokerUrl)
    await api.app.get(RulesRuntime).ready()
  }, 120_000)

  afterAll(async () => {
    await broker?.endAsync()
    await api?.close()
    for (const s of servers) s.close()
  })

  it('delivers a raised alert once to a receiver that fails twice, every attempt signed, with backoff', async () => {
    const hook = await receiver([500, 503, 200])
    servers.push(hook.server)
    const device = `e2e-hook-${target.name}-${run}`
    const created = await rule('flaky', device, `${hook.url}/hooks/token-in-path`)
    // the secret is write-only
    expect(created.webhook).toEqual({ url: `${hook.url}/hooks/token-in-path`, hasSecret: true })
    const read = await (await api.request(`/rules/${created.id}`, { as: 'leader' })).text()
    expect(read).not.toContain(secret)
    // the URL's path (often a messaging system's token) is for admins only
    expect(parseAnswer(ruleSchema, JSON.parse(read)).webhook).toEqual({
      url: `${hook.url}/`,
      hasSecret: true,
    })
    const admin = await (await api.request(`/rules/${created.id}`, { as: 'admin' })).json()
    expect(parseAnswer(ruleSchema, admin).webhook?.url).toBe(`${hook.url}/hooks/token-in-path`)

    await publish(device)
    await expect.poll(() => hook.got.length, { timeout: 15_000 }).toBe(3)
    await api.app.get(WebhooksService).idle()
    const alert = (await alertOf(device))!
    expect(hook.got.map((r) => r.status)).toEqual([500, 503, 200])
    for (const r of hook.got) {
      expect(r.headers['content-type']).toBe('application/json')
      expect(r.headers['x-ioc-signature']).toBe(sign(r.body))
      expect(r.headers['x-ioc-signature']).not.toBe(
        `sha256=${createHmac('sha256', 'another-secret-0123456789').update(r.body).digest('hex')}`,
      )
    }
    // the same delivery each time: same id, same bytes
    expect(new Set(hook.got.map((r) => r.headers['x-ioc-delivery'])).size).toBe(1)
    expect(new Set(hook.got.map((r) => r.body)).size).toBe(1)
    const payload = alertWebhookPayloadSchema.parse(JSON.parse(hook.got[0]!.body))
    expect(payload).toMatchObject({
      event: 'alert.created',
      deliveryId: hook.got[0]!.headers['x-ioc-delivery'],
    })
    expect(payload.alert).toMatchObject({
      id: alert.id,
      sourceId: device,
      severity: 'major',
      status: 'active',
    })
    // backoff: about 1 s, then about 2 s
    const gaps = [hook.got[1]!.at - hook.got[0]!.at, hook.got[2]!.at - hook.got[1]!.at]
    expect(gaps[0]).toBeGreaterThanOrEqual(900)
    expect(gaps[1]).toBeGreaterThanOrEqual(1900)
    expect(gaps[1]).toBeGreaterThan(gaps[0]!)

    // accepted once: nothing more arrives
    await new Promise((ok) => setTimeout(ok, 1500))
    expect(hook.got.filter((r) => r.status === 200)).toHaveLength(1)
    expect(hook.got).toHaveLength(3)
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'leader' })).json(),
    )
    expect(detail.webhooks).toEqual([
      {
        id: payload.deliveryId,
        event: 'alert.created',
        seq: payload.seq,
        target: hook.url,
        state: 'delivered',
        attempts: 3,
        lastStatus: 200,
        lastError: null,
        updatedAt: expect.any(String),
      },
    ])
  })

  it('records a delivery the receiver never accepts as failed, with its last error', async () => {
    const hook = await receiver([503])
    servers.push(hook.server)
    const device = `e2e-hook-down-${target.name}-${run}`
    await rule('down', device, hook.url)
    const webhooks = api.app.get(WebhooksService)
    webhooks.retryDelaysMs = [50, 50]
    try {
      await publish(device)
      await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(3)
      await webhooks.idle()
    } finally {
      webhooks.retryDelaysMs = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]
    }
    const alert = (await alertOf(device))!
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'operator' })).json(),
    )
    expect(detail.webhooks).toMatchObject([
      { state: 'failed', attempts: 3, lastStatus: 503, lastError: 'HTTP 503' },
    ])
  })

  it('takes over a delivery whose replica lost its claim, and that replica sends nothing more', async () => {
    const hook = await receiver([500, 200])
    servers.push(hook.server)
    const device = `e2e-hook-resume-${target.name}-${run}`
    await rule('resume', device, hook.url)
    const first = api.app.get(WebhooksService)
    first.retryDelaysMs = [2_000, 2_000]
    try {
      await publish(device)
      await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(1)
      const alert = (await alertOf(device))!
      // as if its replica had died two minutes ago: the claim it renews before each attempt lapsed
      await api.app
        .get<Database>(DATABASE)
        .pool.query(
          `update alert_webhook_deliveries set claimed_until = now() - interval '1 second' where alert_id = $1`,
          [alert.id],
        )
      // another replica's webhooks, on the same database
      const other = new WebhooksService(
        api.app.get(WebhookDeliveriesRepository),
        api.app.get(AlertsRepository),
        api.app.get(RulesRepository),
        api.app.get(EscalationService),
      )
      await other.takeOver()
      await other.idle()
      expect(hook.got.map((r) => r.status)).toEqual([500, 200])
      // the first replica wakes for its retry, finds the delivery another's and stays silent
      await new Promise((ok) => setTimeout(ok, 2_500))
      await first.idle()
      expect(hook.got).toHaveLength(2)
      expect(new Set(hook.got.map((r) => r.headers['x-ioc-delivery'])).size).toBe(1)
      expect(hook.got[1]!.body).toBe(hook.got[0]!.body)
      expect(hook.got[1]!.headers['x-ioc-signature']).toBe(sign(hook.got[1]!.body))
      const detail = parseAnswer(
        alertDetailSchema,
        await (await api.request(`/alerts/${alert.id}`, { as: 'operator' })).json(),
      )
      expect(detail.webhooks).toMatchObject([{ state: 'delivered', attempts: 2, lastStatus: 200 }])
    } finally {
      first.retryDelaysMs = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]
    }
  })

  it('delivers the escalation too', async () => {
    const hook = await receiver([200])
    servers.push(hook.server)
    const device = `e2e-hook-escalate-${target.name}-${run}`
    await rule('escalate', device, hook.url, { escalateAfterMin: 0.05 })
    await publish(device)
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(2)
    const events = hook.got.map((r) => alertWebhookPayloadSchema.parse(JSON.parse(r.body)))
    expect(events.map((e) => [e.event, e.alert.severity])).toEqual([
      ['alert.created', 'major'],
      ['alert.escalated', 'critical'],
    ])
    expect(hook.got.every((r) => r.headers['x-ioc-signature'] === sign(r.body))).toBe(true)
  })

  it('refuses a webhook without a secret or with a URL that is not http(s)', async () => {
    for (const webhook of [{ url: 'http://127.0.0.1:9/x' }, { url: 'ftp://x/y', secret }]) {
      const res = await api.request('/rules', {
        as: 'admin',
        method: 'POST',
        body: {
          name: 'no secret',
          kind: 'offline',
          severity: 'minor',
          category: 'system',
          subCategory: 'deviceOffline',
          params: { afterSeconds: 60 },
          webhook,
        },
      })
      expect(res.status).toBe(400)
      expect(parseAnswer(errorBodySchema, await res.json()).details?.[0]?.path).toMatch(/^webhook\./)
    }
  })
})
