// Escalation end to end with a small N: a real breach over the real broker raises an alert through
// the rules; unacknowledged for N minutes it is escalated by the system, audited and pushed again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { io, type Socket } from 'socket.io-client'
import {
  alertDetailSchema,
  alertListSchema,
  parseServerEvent,
  ruleSchema,
  streams,
  type AckResult,
  type Alert,
  type AlertChanged,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResponse,
} from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { EscalationService } from '../src/alerts/escalation/escalation.service.js'
import { RulesRuntime } from '../src/rules/rules-runtime.js'
import { startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>
const run = `${process.pid}-${Date.now() % 100000}`
// 0.05 min = 3 s
const N_MIN = 0.05

describe.each(testTargets)('alert escalation on $name', (target) => {
  let api: TestApi
  let broker: MqttClient
  let socket: Client
  const seen: AlertChanged[] = []
  const device = `e2e-escalate-${target.name}-${run}`
  const quiet = `e2e-escalate-acked-${target.name}-${run}`
  const ruleId = `escalate-${target.name}-${run}`.slice(0, 60)

  const publish = (deviceId: string, value: number) =>
    broker.publishAsync(
      streams.liveObservations.topic({}),
      JSON.stringify([{ deviceId, metric: 'water_level_cm', ts: new Date().toISOString(), value }]),
      { qos: 1 },
    )
  const alertOf = async (deviceId: string): Promise<Alert | undefined> =>
    parseAnswer(
      alertListSchema,
      await (await api.request('/alerts?status=active', { as: 'operator' })).json(),
    ).items.find((a) => a.sourceId === deviceId && a.ruleId === ruleId)

  beforeAll(async () => {
    api = await startTestApi(target)
    broker = await mqtt.connectAsync(testBrokerUrl)
    await api.app.get(RulesRuntime).ready()
    const created = await api.request('/rules', {
      as: 'admin',
      method: 'POST',
      body: {
        id: ruleId,
        name: 'Nước lên (escalation)',
        kind: 'threshold',
        severity: 'major',
        category: 'naturalDisaster',
        subCategory: 'flood',
        target: { sourceIds: [device, quiet] },
        params: { metric: 'water_level_cm', op: 'gt', value: 100 },
        escalateAfterMin: N_MIN,
      },
    })
    expect(created.status, await created.clone().text()).toBe(201)
    expect(parseAnswer(ruleSchema, await created.json()).escalateAfterMin).toBe(N_MIN)
    socket = io(api.base.replace(/\/api$/, ''), {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await api.token('leader') },
      reconnection: false,
    })
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok())
      socket.once('connect_error', fail)
    })
    const joined = await new Promise<AckResult<SubscribeResponse>>((ok) =>
      socket.emit('subscribe', { rooms: ['domain:alerts'] }, ok),
    )
    expect(joined.ok).toBe(true)
    socket.on('alert:changed', (payload) => {
      const parsed = parseServerEvent('alert:changed', payload)
      if (parsed.ok) seen.push(parsed.data)
    })
  }, 120_000)

  afterAll(async () => {
    socket?.disconnect()
    await broker?.endAsync()
    await api?.close()
  })

  it('escalates an alert nobody acknowledged after N minutes: severity up, audited, pushed; once', async () => {
    await publish(device, 130)
    await publish(quiet, 130)
    await expect.poll(() => alertOf(device), { timeout: 5000 }).toBeTruthy()
    await expect.poll(() => alertOf(quiet), { timeout: 5000 }).toBeTruthy()
    const alert = (await alertOf(device))!
    expect(alert.severity).toBe('major')
    // the other one is acknowledged in time: never escalated
    expect(
      (await api.request(`/alerts/${(await alertOf(quiet))!.id}/ack`, { as: 'operator', method: 'POST' }))
        .status,
    ).toBe(200)

    await expect
      .poll(() => seen.find((c) => c.action === 'escalated' && c.alert.id === alert.id), {
        timeout: 8000,
        interval: 50,
      })
      .toBeTruthy()
    const pushed = seen.find((c) => c.action === 'escalated' && c.alert.id === alert.id)!
    expect(pushed.alert).toMatchObject({ severity: 'critical', acknowledged: false, status: 'active' })
    const afterMs = Date.now() - Date.parse(alert.firstSeen)
    expect(afterMs).toBeGreaterThanOrEqual(N_MIN * 60_000)
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${alert.id}`, { as: 'leader' })).json(),
    )
    const escalated = detail.events.filter((e) => e.action === 'escalated')
    expect(escalated).toEqual([
      expect.objectContaining({
        actor: 'system',
        from: null,
        detail: { afterMinutes: N_MIN, from: 'major', to: 'critical' },
      }),
    ])
    // escalated at N minutes after first seen, within the timer's precision
    expect(Date.parse(escalated[0]!.at) - Date.parse(alert.firstSeen)).toBeGreaterThanOrEqual(
      N_MIN * 60_000 - 50,
    )
    expect(Date.parse(escalated[0]!.at) - Date.parse(alert.firstSeen)).toBeLessThan(N_MIN * 60_000 + 2000)

    // a repeat (the rule's own severity, major) keeps the escalated severity; threshold rules repeat
    // at most once a minute, so the repeat is raised as the rules runtime raises it
    const repeat = await api.app.get(AlertsService).raise({
      sourceType: 'sensor',
      sourceId: device,
      ruleId,
      severity: 'major',
      category: 'naturalDisaster',
      subCategory: 'flood',
      district: null,
      title: alert.title,
      description: 'repeat',
      at: new Date(),
      detail: {},
    })
    expect(repeat).toMatchObject({
      action: 'repeated',
      alert: { id: alert.id, count: 2, severity: 'critical' },
    })
    await api.app.get(EscalationService).sweep()
    await new Promise((ok) => setTimeout(ok, 300))
    expect(seen.filter((c) => c.action === 'escalated').map((c) => c.alert.id)).toEqual([alert.id])
  })

  it("escalates alerts it did not raise itself (another replica's, or before a restart) from the database", async () => {
    const raised = await api.app.get(AlertsService).raise({
      sourceType: 'sensor',
      sourceId: `e2e-escalate-other-${run}`,
      ruleId,
      severity: 'minor',
      category: 'naturalDisaster',
      subCategory: 'flood',
      district: null,
      title: 'raised elsewhere',
      description: '',
      at: new Date(Date.now() - 60_000),
      detail: {},
    })
    await api.app.get(EscalationService).sweep()
    await expect
      .poll(
        () => seen.find((c) => c.action === 'escalated' && c.alert.id === raised.alert.id)?.alert.severity,
        {
          timeout: 5000,
        },
      )
      .toBe('major')
  })

  it('lets an admin take the escalation off a rule', async () => {
    const patched = await api.request(`/rules/${ruleId}`, {
      as: 'admin',
      method: 'PATCH',
      body: { escalateAfterMin: null },
    })
    expect(patched.status).toBe(200)
    expect(parseAnswer(ruleSchema, await patched.json()).escalateAfterMin).toBeUndefined()
    const bad = await api.request(`/rules/${ruleId}`, {
      as: 'admin',
      method: 'PATCH',
      body: { escalateAfterMin: 0 },
    })
    expect(bad.status).toBe(400)
  })
})
