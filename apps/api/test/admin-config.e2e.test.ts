// Configuration through the api (issue 16): users managed by an admin, every change audited with
// who, when, what and from where, secrets never in the trail; the rule preview's counts equal a
// RulesEngine fed the same stored rows. Real HTTP, real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  configAuditListSchema,
  loginResponseSchema,
  rulePreviewSchema,
  ruleSchema,
  userAdminListSchema,
  userAdminViewSchema,
  userWithPasswordSchema,
  type RuleCreateInput,
} from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { DATABASE } from '../src/database/database.module.js'
import { RulesEngine } from '../src/rules/evaluators/rules-engine.js'
import { SourcesDirectory } from '../src/sources/sources-directory.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'
import { offlineHistory, offlineRule, runtimeOffline } from './support/offline-history.js'

const run = `${process.pid}${Date.now() % 100000}`
const browser = 'admin-config-test/1.0'

// Both databases: the preview's row-value paging and the audit's SQL run on PGlite-TimescaleDB too.
describe.each(testTargets)('configuration on $name: users, audit, rule preview', (target) => {
  let api: TestApi
  let db: Database
  const as = (init: { method?: string; body?: unknown } = {}) => ({
    as: 'admin' as const,
    headers: { 'user-agent': browser },
    ...init,
  })
  const login = (username: string, password: string) =>
    fetch(`${api.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  const trail = async (path: string) =>
    parseAnswer(configAuditListSchema, await (await api.request(`${path}/audit`, as())).json()).items

  beforeAll(async () => {
    api = await startTestApi(target)
    db = api.app.get<Database>(DATABASE)
  }, 60_000)
  afterAll(async () => {
    await api?.close()
  })

  it('creates a user with a password shown once, changes role and district, disables, resets', async () => {
    const username = `user-${run}`
    const created = await api.request(
      '/admin/users',
      as({ method: 'POST', body: { username, role: 'traffic', district: 'Tam Kỳ' } }),
    )
    expect(created.status).toBe(201)
    const { user, password } = parseAnswer(userWithPasswordSchema, await created.json())
    expect(user).toMatchObject({ id: username, role: 'traffic', district: 'Tam Kỳ', disabled: false })
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/)
    const first = await login(username, password!)
    expect(first.status).toBe(200)
    const { refreshToken } = loginResponseSchema.parse(await first.json())

    const again = await api.request(
      '/admin/users',
      as({ method: 'POST', body: { username, role: 'leader' } }),
    )
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'user_exists' })

    const patched = await api.request(
      `/admin/users/${username}`,
      as({ method: 'PATCH', body: { role: 'security', district: null } }),
    )
    expect(parseAnswer(userAdminViewSchema, await patched.json())).toMatchObject({
      role: 'security',
      district: null,
    })

    const disabled = await api.request(
      `/admin/users/${username}`,
      as({ method: 'PATCH', body: { disabled: true } }),
    )
    expect(parseAnswer(userAdminViewSchema, await disabled.json()).disabled).toBe(true)
    expect((await login(username, password!)).status).toBe(401)
    // the session it had is over too: its refresh token was revoked
    const refresh = await fetch(`${api.base}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    })
    expect(refresh.status).toBe(401)

    await api.request(`/admin/users/${username}`, as({ method: 'PATCH', body: { disabled: false } }))
    const reset = await api.request(
      `/admin/users/${username}/password`,
      as({ method: 'POST', body: { password: 'a-chosen-password-1' } }),
    )
    expect(parseAnswer(userWithPasswordSchema, await reset.json()).password).toBeNull()
    expect((await login(username, password!)).status).toBe(401)
    expect((await login(username, 'a-chosen-password-1')).status).toBe(200)

    const listed = parseAnswer(userAdminListSchema, await (await api.request('/admin/users', as())).json())
    expect(listed.items.find((u) => u.id === username)).toMatchObject({ role: 'security', disabled: false })

    const entries = await trail(`/admin/users/${username}`)
    expect(entries.map((e) => e.action)).toEqual([
      'password_reset',
      'enabled',
      'disabled',
      'updated',
      'created',
    ])
    for (const e of entries) {
      expect(e).toMatchObject({ actor: 'admin', itemType: 'user', itemId: username })
      expect(e.from.userAgent).toBe(browser)
      expect(e.from.ip).toMatch(/127\.0\.0\.1/)
    }
    expect(entries[3]!.detail).toEqual({ role: 'security', district: null })
    const text = JSON.stringify(entries)
    expect(text).not.toContain(password!)
    expect(text).not.toContain('a-chosen-password-1')
  })

  it('keeps an admin from locking themselves out', async () => {
    for (const body of [{ disabled: true }, { role: 'operator' }]) {
      const res = await api.request('/admin/users/demo-admin', as({ method: 'PATCH', body }))
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(
      (await api.request('/admin/users/nobody-here', as({ method: 'PATCH', body: { role: 'leader' } })))
        .status,
    ).toBe(404)
  })

  it('audits cameras, sensors and rules with the fields changed, secrets only as "changed"', async () => {
    const cameraId = `cam-audit-${run}`
    const secret = `Cam-Secret-${run}`
    await api.request(
      '/cameras',
      as({
        method: 'POST',
        body: {
          id: cameraId,
          name: 'Camera audit',
          kind: 'traffic',
          lat: 15.57,
          lon: 108.47,
          district: 'Tam Kỳ',
          rtspUrl: 'rtsp://127.0.0.1:1/audit',
          username: 'admin',
          password: secret,
        },
      }),
    )
    await api.request(`/cameras/${cameraId}`, as({ method: 'PATCH', body: { enabled: false } }))
    await api.request(
      `/cameras/${cameraId}`,
      as({ method: 'PATCH', body: { detectFps: 3, password: `${secret}2` } }),
    )
    const camera = await trail(`/cameras/${cameraId}`)
    expect(camera.map((e) => e.action)).toEqual(['updated', 'disabled', 'created'])
    expect(camera[0]!.detail).toEqual({ detectFps: 3, password: 'changed' })
    expect(camera[2]!.detail).toMatchObject({ name: 'Camera audit', rtspUrl: 'changed', password: 'changed' })
    expect(JSON.stringify(camera)).not.toContain(secret)

    const sensorId = `aq-audit-${run}`
    const device = { id: sensorId, kind: 'air_quality', name: 'Trạm audit', lat: 15.5, lon: 108.4 }
    const sensor = await api.request(
      '/sensors',
      as({
        method: 'POST',
        body: { ...device, district: 'Tam Kỳ', metrics: ['pm25'], password: 'device-pass-1' },
      }),
    )
    expect(sensor.status).toBe(201)
    const sensorTrail = await trail(`/sensors/${sensorId}`)
    expect(sensorTrail).toHaveLength(1)
    expect(sensorTrail[0]!.detail).toMatchObject({ ...device, password: 'changed' })

    const created = await api.request(
      '/rules',
      as({
        method: 'POST',
        body: {
          id: `rule-audit-${run}`,
          name: 'Audit rule',
          kind: 'threshold',
          severity: 'minor',
          category: 'environment',
          subCategory: 'airPollution',
          params: { metric: 'pm25', op: 'gt', value: 80 },
        },
      }),
    )
    const rule = ruleSchema.parse(await created.json())
    await api.request(`/rules/${rule.id}`, as({ method: 'PATCH', body: { severity: 'major' } }))
    expect((await api.request(`/rules/${rule.id}`, as({ method: 'DELETE' }))).status).toBe(204)
    // the trail outlives the rule
    const ruleTrail = await trail(`/rules/${rule.id}`)
    expect(ruleTrail.map((e) => e.action)).toEqual(['deleted', 'updated', 'created'])
    expect(ruleTrail[1]!.detail).toEqual({ severity: 'major' })
    expect(await trail('/rules/never-was')).toEqual([])
  })

  it('previews a rule over the stored readings with the counts of a RulesEngine fed the same rows', async () => {
    const ids = [`aq-prev-a-${run}`, `aq-prev-b-${run}`]
    for (const id of ids)
      await db.devices.upsert(
        { id, kind: 'air_quality', name: id, lat: 15.5, lon: 108.4, district: 'Tam Kỳ', metrics: ['pm25'] },
        null,
      )
    await api.app.get(SourcesDirectory).refresh()
    // the last 6 hours a minute apart, high (90) for 20 minutes in each of three hours, b also a fourth
    const start = Date.now() - 6 * 3600_000
    const rows = []
    for (let m = 0; m < 360; m++)
      for (const [i, id] of ids.entries()) {
        const high = [60, 150, 240].some((h) => m >= h && m < h + 20) || (i === 1 && m >= 300 && m < 320)
        rows.push({ ts: new Date(start + m * 60_000), deviceId: id, metric: 'pm25', value: high ? 90 : 40 })
      }
    await db.readings.insertBatch(rows)
    const rule = {
      name: 'Preview PM2.5',
      kind: 'threshold',
      severity: 'major',
      category: 'environment',
      subCategory: 'airPollution',
      target: { sourceIds: ids },
      params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 5 },
    } satisfies RuleCreateInput
    const res = await api.request('/rules/preview', as({ method: 'POST', body: { rule, window: '24h' } }))
    expect(res.status, await res.clone().text()).toBe(200)
    const preview = parseAnswer(rulePreviewSchema, await res.json())

    const engine = new RulesEngine()
    engine.setRules([ruleSchema.parse({ ...rule, id: 'direct' })])
    let raises = 0
    let clears = 0
    const sorted = [...rows].sort(
      (a, b) => a.ts.getTime() - b.ts.getTime() || a.deviceId.localeCompare(b.deviceId),
    )
    for (const r of sorted) {
      const source = {
        sourceType: 'sensor' as const,
        id: r.deviceId,
        name: r.deviceId,
        kind: 'air_quality',
        district: 'Tam Kỳ',
      }
      for (const s of engine.onObservation({ ...r, ts: r.ts.toISOString() }, source))
        if (s.type === 'raise') raises++
        else clears++
    }
    expect(preview.rowsReplayed).toBe(rows.length)
    expect(preview.raises).toBe(raises)
    expect(preview.clears).toBe(clears)
    expect(preview.alerts).toBe(7)
    expect(preview.sources).toBe(2)
    expect(preview.truncated).toBe(false)
    expect(preview.firings[0]!.at).toBe(new Date(start + 65 * 60_000).toISOString())
  })

  it('previews an offline rule over the moments devices were heard, with the counts of the runtime way', async () => {
    const ids = { a: `st-off-a-${run}`, b: `st-off-b-${run}`, c: `st-off-c-${run}`, d: `st-off-d-${run}` }
    for (const id of Object.values(ids))
      await db.devices.upsert(
        {
          id,
          kind: 'air_quality',
          name: id,
          lat: 15.5,
          lon: 108.4,
          district: 'Tam Kỳ',
          metrics: ['pm25', 'pm10'],
        },
        null,
      )
    await api.app.get(SourcesDirectory).refresh()
    const to = Date.now()
    const rows = offlineHistory(ids, to)
    await db.readings.insertBatch(rows)
    const rule = offlineRule(Object.values(ids))
    const res = await api.request('/rules/preview', as({ method: 'POST', body: { rule, window: '24h' } }))
    expect(res.status, await res.clone().text()).toBe(200)
    const preview = parseAnswer(rulePreviewSchema, await res.json())

    const from = Date.parse(preview.from)
    const source = (id: string) => ({
      sourceType: 'sensor' as const,
      id,
      name: id,
      kind: 'air_quality',
      district: 'Tam Kỳ',
    })
    const runtime = runtimeOffline(rule, rows, source, from, Date.parse(preview.to))
    expect(preview.raises).toBe(runtime.raises.length)
    expect(preview.clears).toBe(runtime.clears)
    expect(preview).toMatchObject({ alerts: 3, raises: 3, clears: 1, sources: 3, truncated: false })
    // two metrics a reading are one moment; c's reading of before the window is not replayed
    expect(preview.rowsReplayed).toBe(rows.length / 2 - 1)
    expect(preview.firings.map((f) => f.sourceId)).toEqual([ids.c, ids.a, ids.b])
    expect(preview.firings[0]!.at).toBe(preview.from)
    for (const [i, f] of preview.firings.entries())
      expect(runtime.raises[i]!.at - Date.parse(f.at)).toBeLessThan(1000)
  })
})
