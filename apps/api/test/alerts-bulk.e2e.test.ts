// The console's bulk actions and its assignee picker, over real HTTP, a real socket and both
// database targets: one request for many alerts, each refused or changed exactly as the single
// routes would, every change audited and pushed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import {
  alertBulkAnswerSchema,
  alertDetailSchema,
  assignableUserListSchema,
  errorBodySchema,
  loginResponseSchema,
  parseServerEvent,
  type AckResult,
  type Alert,
  type AlertChanged,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResponse,
} from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { hashPassword } from '../src/auth/passwords.js'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>

const run = `${process.pid}-${Date.now() % 100000}`
const here = `Bulk ${run}`
const elsewhere = `Bulk other ${run}`

describe.each(testTargets)('bulk alert actions and assignees on $name', (target) => {
  let api: TestApi
  let socket: Client
  const seen: AlertChanged[] = []
  /** District staff: username -> token. */
  const staff = new Map<string, string>()
  let traffic: Alert[] = []
  let security: Alert
  let elsewhereAlert: Alert

  const raise = async (i: number, category: 'traffic' | 'security', district: string) =>
    (
      await api.app.get(AlertsService).raise({
        sourceType: 'camera',
        sourceId: `cam-bulk-${category}-${i}`,
        ruleId: `bulk-${category}-${run}`.slice(0, 64),
        severity: 'major',
        category,
        subCategory: category === 'traffic' ? 'trafficJam' : 'intrusion',
        district,
        title: `${category} ${i}`,
        description: 'bulk',
        at: new Date(),
        detail: {},
      })
    ).alert
  const bulk = (body: unknown, as: 'traffic' | 'security' | 'leader' | 'operator' | { token: string }) =>
    typeof as === 'string'
      ? api.request('/alerts/bulk', { as, method: 'POST', body, headers: { 'user-agent': 'bulk-console' } })
      : api.request('/alerts/bulk', {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${as.token}` },
        })
  const addStaff = async (role: 'traffic' | 'operator', district: string) => {
    const username = `bulk-${role}-${district === here ? 'here' : 'else'}-${run}`
    const db = api.app.get<Database>(DATABASE)
    await db.users.upsert({ id: username, username, role, district }, await hashPassword('bulk-staff-pw'))
    const login = await api.request('/auth/login', {
      method: 'POST',
      body: { username, password: 'bulk-staff-pw' },
    })
    staff.set(username, parseAnswer(loginResponseSchema, await login.json()).accessToken)
    return username
  }

  beforeAll(async () => {
    api = await startTestApi(target)
    await addStaff('traffic', here)
    await addStaff('traffic', elsewhere)
    await addStaff('operator', elsewhere)
    traffic = []
    for (let i = 0; i < 50; i++) traffic.push(await raise(i, 'traffic', here))
    security = await raise(0, 'security', here)
    elsewhereAlert = await raise(99, 'traffic', elsewhere)
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
      if (!parsed.ok) throw new Error(`invalid alert:changed: ${parsed.error.message}`)
      seen.push(parsed.data)
    })
  }, 120_000)

  afterAll(async () => {
    socket?.disconnect()
    await api?.close()
  })

  it('acknowledges 50 alerts in one request, refusing the others per id, every change audited and pushed', async () => {
    const ids = [...traffic.map((a) => a.id), security.id, '987654321', 'not-an-id']
    const started = performance.now()
    const res = await bulk({ ids, action: { kind: 'acknowledge' } }, 'traffic')
    const ms = performance.now() - started
    expect(res.status).toBe(200)
    const answer = parseAnswer(alertBulkAnswerSchema, await res.json())
    expect(answer.items.map((i) => i.id)).toEqual(ids)
    expect(answer).toMatchObject({ succeeded: 50, failed: 3 })
    for (const item of answer.items.slice(0, 50))
      expect(item).toMatchObject({ ok: true, alert: { acknowledged: true, ackBy: 'traffic' } })
    expect(answer.items[50]).toEqual({
      id: security.id,
      ok: false,
      code: 'forbidden',
      message: `role traffic may not act on security alerts of ${here}`,
    })
    expect(answer.items[51]).toMatchObject({ ok: false, code: 'alert_not_found' })
    expect(answer.items[52]).toMatchObject({ ok: false, code: 'alert_not_found' })
    console.log(`bulk acknowledge of 50 alerts (${target.name}): ${ms.toFixed(0)} ms, one request`)

    // each change has its own sequence number, audited as a single acknowledgement is
    const seqs = answer.items.flatMap((i) => (i.ok ? [i.alert.seq] : []))
    expect(new Set(seqs).size).toBe(50)
    const detail = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${traffic[7]!.id}`, { as: 'leader' })).json(),
    )
    expect(detail.events.map((e) => [e.action, e.actor])).toEqual([
      ['created', 'system'],
      ['acknowledged', 'traffic'],
    ])
    expect(detail.events[1]!.from).toEqual({
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'bulk-console',
    })
    expect(detail.events[1]!.seq).toBe(detail.alert.seq)
    // pushed: each of the 50, in sequence order
    await expect
      .poll(() => seen.filter((c) => c.action === 'acknowledged').length, { timeout: 5000 })
      .toBe(50)
    const pushed = seen.filter((c) => c.action === 'acknowledged').map((c) => c.seq)
    expect(pushed).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('answers a repeat with the conflict of each alert, as the single route does', async () => {
    const res = await bulk(
      { ids: traffic.slice(0, 3).map((a) => a.id), action: { kind: 'acknowledge' } },
      'traffic',
    )
    const answer = parseAnswer(alertBulkAnswerSchema, await res.json())
    expect(answer).toMatchObject({ succeeded: 0, failed: 3 })
    expect(answer.items[0]).toEqual({
      id: traffic[0]!.id,
      ok: false,
      code: 'alert_state_conflict',
      message: `alert ${traffic[0]!.id} was already acknowledged by traffic`,
    })
  })

  it('assigns only to someone who can act on each alert; an unknown assignee refuses the request', async () => {
    const ids = [traffic[0]!.id, security.id]
    const toSecurity = parseAnswer(
      alertBulkAnswerSchema,
      await (await bulk({ ids, action: { kind: 'assign', assignee: 'security' } }, 'operator')).json(),
    )
    expect(toSecurity.items[0]).toMatchObject({ ok: false, code: 'validation_failed' })
    expect(toSecurity.items[0]!.ok || toSecurity.items[0]!.message).toMatch(
      /^assignee: security \(security may not act on traffic/,
    )
    expect(toSecurity.items[1]).toMatchObject({ ok: true, alert: { assignee: 'security' } })
    const unknown = await bulk({ ids, action: { kind: 'assign', assignee: 'nobody-such' } }, 'operator')
    expect(unknown.status).toBe(400)
    expect(parseAnswer(errorBodySchema, await unknown.json())).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'assignee' }],
    })
    const mine = parseAnswer(
      alertBulkAnswerSchema,
      await (
        await bulk(
          { ids: [traffic[0]!.id, traffic[1]!.id], action: { kind: 'assign', assignee: 'traffic' } },
          'traffic',
        )
      ).json(),
    )
    expect(mine.succeeded).toBe(2)
    const events = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${traffic[1]!.id}`, { as: 'leader' })).json(),
    ).events
    expect(events.at(-1)).toMatchObject({
      action: 'assigned',
      actor: 'traffic',
      detail: { assignee: 'traffic', previous: null },
    })
  })

  it('comments on and resolves several alerts, with the text and note audited', async () => {
    const ids = traffic.slice(10, 13).map((a) => a.id)
    const commented = parseAnswer(
      alertBulkAnswerSchema,
      await (await bulk({ ids, action: { kind: 'comment', text: ' Đã cử CSGT ' } }, 'traffic')).json(),
    )
    expect(commented.succeeded).toBe(3)
    const resolved = parseAnswer(
      alertBulkAnswerSchema,
      await (await bulk({ ids, action: { kind: 'resolve', note: 'thông xe' } }, 'traffic')).json(),
    )
    expect(resolved.items.every((i) => i.ok && i.alert.status === 'cleared')).toBe(true)
    const events = parseAnswer(
      alertDetailSchema,
      await (await api.request(`/alerts/${ids[2]}`, { as: 'leader' })).json(),
    ).events
    expect(events.slice(-2).map((e) => [e.action, e.detail])).toEqual([
      ['commented', { text: 'Đã cử CSGT' }],
      ['resolved', { note: 'thông xe' }],
    ])
    const again = parseAnswer(
      alertBulkAnswerSchema,
      await (await bulk({ ids, action: { kind: 'resolve' } }, 'traffic')).json(),
    )
    expect(again.items.map((i) => !i.ok && i.code)).toEqual(Array(3).fill('alert_state_conflict'))
  })

  it('keeps district staff to their district and refuses leaders and bad bodies whole', async () => {
    const other = { token: staff.get(`bulk-traffic-else-${run}`)! }
    const answer = parseAnswer(
      alertBulkAnswerSchema,
      await (
        await bulk(
          { ids: [traffic[20]!.id, elsewhereAlert.id], action: { kind: 'comment', text: 'x' } },
          other,
        )
      ).json(),
    )
    // another district's alert answers like an unknown id
    expect(answer.items[0]).toEqual({
      id: traffic[20]!.id,
      ok: false,
      code: 'alert_not_found',
      message: `no alert with id "${traffic[20]!.id}"`,
    })
    expect(answer.items[1]).toMatchObject({ ok: true })
    expect((await bulk({ ids: [traffic[20]!.id], action: { kind: 'acknowledge' } }, 'leader')).status).toBe(
      403,
    )
    const bad = async (body: unknown, path: string) => {
      const res = await bulk(body, 'operator')
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      const error = parseAnswer(errorBodySchema, await res.json())
      expect(error.code).toBe('validation_failed')
      expect(error.details?.map((d) => d.path)).toContain(path)
      return error.message
    }
    await bad({ ids: [], action: { kind: 'acknowledge' } }, 'ids')
    await bad(
      { ids: Array.from({ length: 501 }, (_, i) => String(i + 1)), action: { kind: 'acknowledge' } },
      'ids',
    )
    expect(await bad({ ids: ['1', '1'], action: { kind: 'acknowledge' } }, 'ids')).toMatch(/twice/)
    await bad({ ids: ['1'], action: { kind: 'explode' } }, 'action.kind')
    await bad({ ids: ['1'], action: { kind: 'comment', text: '  ' } }, 'action.text')
  })

  it('lists who an alert may be assigned to: its domain and district, ids and names only', async () => {
    const hereStaff = `bulk-traffic-here-${run}`
    const list = async (
      id: string,
      as: 'traffic' | 'security' | 'operator' | 'leader' | { token: string },
    ) =>
      typeof as === 'string'
        ? api.request(`/users?canActOn=${encodeURIComponent(id)}`, { as })
        : api.request(`/users?canActOn=${encodeURIComponent(id)}`, {
            headers: { authorization: `Bearer ${as.token}` },
          })
    const res = await list(traffic[30]!.id, 'traffic')
    expect(res.status).toBe(200)
    const names = parseAnswer(assignableUserListSchema, await res.json()).items.map((u) => u.username)
    expect(names).toEqual(expect.arrayContaining(['admin', 'operator', 'traffic', hereStaff]))
    for (const cannot of ['leader', 'security', `bulk-traffic-else-${run}`, `bulk-operator-else-${run}`])
      expect(names).not.toContain(cannot)
    // every name listed is accepted by the assign route, for an alert of the caller's domain
    for (const assignee of names) {
      const assigned = await api.request(`/alerts/${traffic[30]!.id}/assign`, {
        as: 'traffic',
        method: 'POST',
        body: { assignee },
      })
      expect(assigned.status, assignee).toBe(200)
    }
    const forSecurity = parseAnswer(
      assignableUserListSchema,
      await (await list(security.id, 'operator')).json(),
    )
    expect(forSecurity.items.map((u) => u.username).sort()).toEqual(['admin', 'operator', 'security'])
    expect(Object.keys(forSecurity.items[0]!).sort()).toEqual(['id', 'username'])
    // the caller must be able to assign it; an alert they cannot see is unknown
    expect((await list(security.id, 'traffic')).status).toBe(403)
    expect((await list(security.id, 'leader')).status).toBe(403)
    expect((await list(traffic[30]!.id, { token: staff.get(`bulk-operator-else-${run}`)! })).status).toBe(404)
    expect((await list('987654321', 'operator')).status).toBe(404)
    const missing = await api.request('/users', { as: 'operator' })
    expect(missing.status).toBe(400)
    expect(parseAnswer(errorBodySchema, await missing.json()).message).toMatch(/canActOn/)
  })
})
