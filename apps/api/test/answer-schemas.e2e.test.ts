/**
 * EVERY REST ANSWER ONCE: each JSON answer of the api has one schema, exported by libs/contracts.
 * The OpenAPI document says exactly what that schema says (no answer schema written by hand in a
 * controller), and the running api answers what it says. A schema changed on one side only fails
 * here: the document check compares the generated document with the contracts' schema, the
 * answer check parses a real answer of every route with it, and the drift check proves that a copy
 * of the schema with one field renamed or retyped rejects that same answer.
 *
 * A new route with a JSON answer must be added to `answers` below, with a call that gets it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as contracts from '@ioc/contracts'
import {
  alertBulkAnswerSchema,
  alertDetailSchema,
  alertListSchema,
  alertReportSchema,
  alertSchema,
  alertStatsSchema,
  assignableUserListSchema,
  authClaimsSchema,
  cameraCountsSchema,
  cameraRecordingsSchema,
  cameraViewSchema,
  cityKpisSchema,
  deadLetterPageSchema,
  healthSchema,
  kpiValuesStoredSchema,
  kpiValueViewSchema,
  kpiViewSchema,
  loginResponseSchema,
  mapBoundariesSchema,
  mapConfigSchema,
  probeAnswerSchema,
  ruleListSchema,
  ruleSchema,
  sensorReadingsSchema,
  sensorViewSchema,
  toOpenApiSchema,
  type Alert,
} from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { DATABASE } from '../src/database/database.module.js'
import { demoPassword, startTestApi, type TestApi } from './support/api.js'
import { openApiDocumentSchema, parseAnswer, type OpenApiDocument } from './support/answers.js'

const camera = {
  id: 'cam-answers-1',
  name: 'Camera ngã tư Phan Chu Trinh',
  kind: 'traffic',
  lat: 15.57,
  lon: 108.47,
  district: 'Tam Kỳ',
  rtspUrl: 'rtsp://127.0.0.1:1/answers',
} as const
const sensor = {
  id: 'aq-answers-1',
  kind: 'air_quality',
  name: 'Trạm Tam Kỳ answers',
  lat: 15.57,
  lon: 108.47,
  district: 'Tam Kỳ',
  metrics: ['pm25'],
  password: 'device-password-answers',
} as const
const kpiId = 'dti-diem'
const range = 'from=2025-06-01T00:00:00Z&to=2025-06-01T01:00:00Z&bucket=1m'

interface Answer {
  /** `METHOD /api/path` as the OpenAPI document names it, and the status of the answer. */
  route: string
  status: 200 | 201 | 503
  schema: z.ZodType
  /** Gets a real answer of the route from the running api (routes are called in this order). */
  call?: (api: TestApi, alert: () => Alert) => Promise<Response>
}

const answers: Answer[] = [
  {
    route: 'POST /api/auth/login',
    status: 200,
    schema: loginResponseSchema,
    call: (api) =>
      api.request('/auth/login', { method: 'POST', body: { username: 'operator', password: demoPassword } }),
  },
  {
    route: 'POST /api/auth/refresh',
    status: 200,
    schema: loginResponseSchema,
    call: async (api) => {
      const login = await api.request('/auth/login', {
        method: 'POST',
        body: { username: 'leader', password: demoPassword },
      })
      const { refreshToken } = parseAnswer(loginResponseSchema, await login.json())
      return api.request('/auth/refresh', { method: 'POST', body: { refreshToken } })
    },
  },
  {
    route: 'GET /api/auth/me',
    status: 200,
    schema: authClaimsSchema,
    call: (api) => api.request('/auth/me', { as: 'traffic' }),
  },
  { route: 'GET /api/health', status: 200, schema: healthSchema, call: (api) => api.request('/health') },
  // the database down: health.e2e.test.ts parses that answer with the same schema
  { route: 'GET /api/health', status: 503, schema: healthSchema },
  {
    route: 'GET /api/health/live',
    status: 200,
    schema: probeAnswerSchema,
    call: (api) => api.request('/health/live'),
  },
  // a stalled event loop: ops.test.ts of the ingest (same schema and rule) stalls a process for it
  { route: 'GET /api/health/live', status: 503, schema: probeAnswerSchema },
  {
    route: 'GET /api/health/ready',
    status: 200,
    schema: probeAnswerSchema,
    call: (api) => api.request('/health/ready'),
  },
  // not ready: health.e2e.test.ts parses those answers with the same schema
  { route: 'GET /api/health/ready', status: 503, schema: probeAnswerSchema },
  {
    route: 'POST /api/cameras',
    status: 201,
    schema: cameraViewSchema,
    call: (api) => api.request('/cameras', { as: 'admin', method: 'POST', body: camera }),
  },
  {
    route: 'GET /api/cameras',
    status: 200,
    schema: cameraViewSchema.array(),
    call: (api) => api.request('/cameras', { as: 'admin' }),
  },
  {
    route: 'GET /api/cameras/{id}',
    status: 200,
    schema: cameraViewSchema,
    call: (api) => api.request(`/cameras/${camera.id}`, { as: 'operator' }),
  },
  {
    route: 'PATCH /api/cameras/{id}',
    status: 200,
    schema: cameraViewSchema,
    call: (api) =>
      api.request(`/cameras/${camera.id}`, { as: 'admin', method: 'PATCH', body: { detectFps: 4 } }),
  },
  {
    route: 'GET /api/cameras/{id}/counts',
    status: 200,
    schema: cameraCountsSchema,
    call: (api) => api.request(`/cameras/${camera.id}/counts?${range}`, { as: 'leader' }),
  },
  {
    route: 'GET /api/cameras/{id}/recordings',
    status: 200,
    schema: cameraRecordingsSchema,
    call: (api) =>
      api.request(`/cameras/${camera.id}/recordings?from=2025-06-01T00:00:00Z&to=2025-06-01T01:00:00Z`, {
        as: 'leader',
      }),
  },
  {
    route: 'POST /api/sensors',
    status: 201,
    schema: sensorViewSchema,
    call: (api) => api.request('/sensors', { as: 'admin', method: 'POST', body: sensor }),
  },
  {
    route: 'GET /api/sensors',
    status: 200,
    schema: sensorViewSchema.array(),
    call: (api) => api.request('/sensors', { as: 'leader' }),
  },
  {
    route: 'GET /api/sensors/{id}',
    status: 200,
    schema: sensorViewSchema,
    call: (api) => api.request(`/sensors/${sensor.id}`, { as: 'leader' }),
  },
  {
    route: 'GET /api/sensors/{id}/readings',
    status: 200,
    schema: sensorReadingsSchema,
    call: (api) => api.request(`/sensors/${sensor.id}/readings?${range}`, { as: 'leader' }),
  },
  {
    route: 'GET /api/dead-letters',
    status: 200,
    schema: deadLetterPageSchema,
    call: (api) => api.request('/dead-letters', { as: 'admin' }),
  },
  {
    route: 'GET /api/kpis',
    status: 200,
    schema: kpiViewSchema.array(),
    call: (api) => api.request('/kpis', { as: 'leader' }),
  },
  {
    route: 'GET /api/kpis/live',
    status: 200,
    schema: cityKpisSchema,
    call: (api) => api.request('/kpis/live', { as: 'leader' }),
  },
  {
    route: 'GET /api/kpis/{id}',
    status: 200,
    schema: kpiViewSchema,
    call: (api) => api.request(`/kpis/${kpiId}`, { as: 'leader' }),
  },
  {
    route: 'GET /api/kpis/{id}/values',
    status: 200,
    schema: kpiValueViewSchema.array(),
    call: (api) => api.request(`/kpis/${kpiId}/values`, { as: 'leader' }),
  },
  {
    route: 'POST /api/kpis/{id}/values',
    status: 201,
    schema: kpiValuesStoredSchema,
    call: (api) =>
      api.request(`/kpis/${kpiId}/values`, {
        as: 'operator',
        method: 'POST',
        body: { period: '2025', value: 60, scope: 'province', area: 'Quảng Nam' },
      }),
  },
  {
    route: 'GET /api/rules',
    status: 200,
    schema: ruleListSchema,
    call: (api) => api.request('/rules', { as: 'leader' }),
  },
  {
    route: 'GET /api/rules/{id}',
    status: 200,
    schema: ruleSchema,
    call: (api) => api.request('/rules/pm25-above-75-5min', { as: 'leader' }),
  },
  {
    route: 'POST /api/rules',
    status: 201,
    schema: ruleSchema,
    call: (api) =>
      api.request('/rules', {
        as: 'admin',
        method: 'POST',
        body: {
          name: 'Answers: PM2.5 above 100',
          severity: 'minor',
          category: 'environment',
          subCategory: 'airPollution',
          kind: 'threshold',
          params: { metric: 'pm25', op: 'gt', value: 100 },
        },
      }),
  },
  {
    route: 'PATCH /api/rules/{id}',
    status: 200,
    schema: ruleSchema,
    call: (api) =>
      api.request('/rules/pm25-above-75-5min', { as: 'admin', method: 'PATCH', body: { enabled: false } }),
  },
  {
    route: 'GET /api/alerts',
    status: 200,
    schema: alertListSchema,
    call: (api) => api.request('/alerts', { as: 'operator' }),
  },
  {
    route: 'GET /api/alerts/stats',
    status: 200,
    schema: alertStatsSchema,
    call: (api) => api.request('/alerts/stats', { as: 'leader' }),
  },
  {
    route: 'GET /api/alerts/report',
    status: 200,
    schema: alertReportSchema,
    call: (api) =>
      api.request(
        `/alerts/report?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        { as: 'leader' },
      ),
  },
  {
    route: 'GET /api/alerts/{id}',
    status: 200,
    schema: alertDetailSchema,
    call: (api, alert) => api.request(`/alerts/${alert().id}`, { as: 'leader' }),
  },
  {
    route: 'GET /api/users',
    status: 200,
    schema: assignableUserListSchema,
    call: (api, alert) => api.request(`/users?canActOn=${alert().id}`, { as: 'operator' }),
  },
  {
    route: 'POST /api/alerts/bulk',
    status: 200,
    schema: alertBulkAnswerSchema,
    call: (api, alert) =>
      api.request('/alerts/bulk', {
        as: 'traffic',
        method: 'POST',
        body: { ids: [alert().id], action: { kind: 'comment', text: 'all of these' } },
      }),
  },
  {
    route: 'POST /api/alerts/{id}/ack',
    status: 200,
    schema: alertSchema,
    call: (api, alert) => api.request(`/alerts/${alert().id}/ack`, { as: 'traffic', method: 'POST' }),
  },
  {
    route: 'POST /api/alerts/{id}/assign',
    status: 200,
    schema: alertSchema,
    call: (api, alert) =>
      api.request(`/alerts/${alert().id}/assign`, {
        as: 'traffic',
        method: 'POST',
        body: { assignee: 'traffic' },
      }),
  },
  {
    route: 'POST /api/alerts/{id}/comment',
    status: 200,
    schema: alertSchema,
    call: (api, alert) =>
      api.request(`/alerts/${alert().id}/comment`, {
        as: 'traffic',
        method: 'POST',
        body: { text: 'on it' },
      }),
  },
  {
    route: 'POST /api/alerts/{id}/resolve',
    status: 200,
    schema: alertSchema,
    call: (api, alert) =>
      api.request(`/alerts/${alert().id}/resolve`, {
        as: 'traffic',
        method: 'POST',
        body: { note: 'cleared' },
      }),
  },
  {
    route: 'GET /api/map/config',
    status: 200,
    schema: mapConfigSchema,
    call: (api) => api.request('/map/config', { as: 'leader' }),
  },
  {
    route: 'GET /api/map/boundaries',
    status: 200,
    schema: mapBoundariesSchema,
    call: (api) => api.request('/map/boundaries', { as: 'leader' }),
  },
  // configuration (issue 16): audit trails, users, rule preview, camera test
  {
    route: 'GET /api/cameras/{id}/audit',
    status: 200,
    schema: contracts.configAuditListSchema,
    call: (api) => api.request(`/cameras/${camera.id}/audit`, { as: 'admin' }),
  },
  {
    route: 'GET /api/sensors/{id}/audit',
    status: 200,
    schema: contracts.configAuditListSchema,
    call: (api) => api.request(`/sensors/${sensor.id}/audit`, { as: 'admin' }),
  },
  {
    route: 'GET /api/rules/{id}/audit',
    status: 200,
    schema: contracts.configAuditListSchema,
    call: (api) => api.request('/rules/pm25-above-75-5min/audit', { as: 'admin' }),
  },
  {
    route: 'POST /api/rules/preview',
    status: 200,
    schema: contracts.rulePreviewSchema,
    call: (api) =>
      api.request('/rules/preview', {
        as: 'admin',
        method: 'POST',
        body: {
          window: '24h',
          rule: {
            name: 'answers preview',
            kind: 'threshold',
            severity: 'minor',
            category: 'environment',
            subCategory: 'airPollution',
            params: { metric: 'pm25', op: 'gt', value: 5 },
          },
        },
      }),
  },
  {
    route: 'POST /api/cameras/test-connection',
    status: 200,
    schema: contracts.cameraTestResultSchema,
    // nothing listens on port 1: refused at once
    call: (api) =>
      api.request('/cameras/test-connection', {
        as: 'admin',
        method: 'POST',
        body: { rtspUrl: 'rtsp://127.0.0.1:1/answers' },
      }),
  },
  {
    route: 'POST /api/admin/users',
    status: 201,
    schema: contracts.userWithPasswordSchema,
    call: (api) =>
      api.request('/admin/users', {
        as: 'admin',
        method: 'POST',
        body: { username: 'answers-user', role: 'traffic', district: 'Tam Kỳ' },
      }),
  },
  {
    route: 'GET /api/admin/users',
    status: 200,
    schema: contracts.userAdminListSchema,
    call: (api) => api.request('/admin/users', { as: 'admin' }),
  },
  {
    route: 'PATCH /api/admin/users/{id}',
    status: 200,
    schema: contracts.userAdminViewSchema,
    call: (api) =>
      api.request('/admin/users/answers-user', { as: 'admin', method: 'PATCH', body: { role: 'security' } }),
  },
  {
    route: 'POST /api/admin/users/{id}/password',
    status: 200,
    schema: contracts.userWithPasswordSchema,
    call: (api) =>
      api.request('/admin/users/answers-user/password', { as: 'admin', method: 'POST', body: {} }),
  },
  {
    route: 'GET /api/admin/users/{id}/audit',
    status: 200,
    schema: contracts.configAuditListSchema,
    call: (api) => api.request('/admin/users/answers-user/audit', { as: 'admin' }),
  },
]

const key = (a: Pick<Answer, 'route' | 'status'>) => `${a.route} ${a.status}`

/** The zod schemas libs/contracts exports: an answer schema must be one of them (or a list of one). */
const exported = new Set<unknown>(Object.values(contracts).filter((v) => v instanceof z.ZodType))
const fromContracts = (schema: z.ZodType) =>
  exported.has(schema instanceof z.ZodArray ? schema.element : schema)

/** Every documented JSON answer of a 2xx or 5xx status, by `METHOD path status`. */
function documentedAnswers(doc: OpenApiDocument): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      for (const [status, response] of Object.entries(op.responses)) {
        // `default` is the one error body, ErrorBody (docs.ts)
        if (status === 'default' || status.startsWith('4')) continue
        const json = response.content?.['application/json']
        if (json) out.set(`${method.toUpperCase()} ${path} ${status}`, json.schema)
      }
  return out
}

/**
 * Copies of `schema` that each change one top-level field of `body` (renamed, or of another type),
 * so that each must reject `body`. Lists change their items' fields and need at least one item.
 */
function drifted(schema: z.ZodType, body: unknown): { change: string; schema: z.ZodType }[] {
  if (schema instanceof z.ZodArray) {
    const items = body as unknown[]
    if (!Array.isArray(items) || items.length === 0) return []
    return drifted(schema.element as z.ZodType, items[0]).map((d) => ({
      change: `items: ${d.change}`,
      schema: d.schema.array(),
    }))
  }
  if (!(schema instanceof z.ZodObject) || typeof body !== 'object' || body === null) return []
  const values = body as Record<string, unknown>
  const shape = schema.shape as Record<string, z.ZodType>
  return Object.entries(shape)
    .filter(([field]) => field in values)
    .flatMap(([field, type]) => {
      const { [field]: _renamed, ...others } = shape
      // required under its new name: neither a default nor `optional` may fill the gap
      const required = (type instanceof z.ZodDefault ? (type.unwrap() as z.ZodType) : type).nonoptional()
      return [
        { change: `${field} renamed ${field}X`, schema: z.object({ ...others, [`${field}X`]: required }) },
        {
          change: `${field} retyped`,
          schema: z.object({
            ...shape,
            [field]: typeof values[field] === 'string' ? z.number() : z.string(),
          }),
        },
      ]
    })
}

describe('every REST answer once, from libs/contracts', () => {
  let api: TestApi
  let doc: OpenApiDocument
  let raised: Alert | undefined
  const got = new Map<string, unknown>()
  const dir = mkdtempSync(join(tmpdir(), 'ioc-answers-'))
  const boundaries = join(dir, 'boundaries.geojson')
  writeFileSync(
    boundaries,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [108.4, 15.5],
                [108.5, 15.5],
                [108.5, 15.6],
                [108.4, 15.5],
              ],
            ],
          },
          properties: { name: 'Tam Kỳ' },
        },
      ],
    }),
  )

  beforeAll(async () => {
    api = await startTestApi(
      testTargets.find((t) => t.name === 'postgres')!,
      {
        IOC_MAP_BOUNDARIES_FILE: boundaries,
      },
    )
    doc = openApiDocumentSchema.parse(await (await api.request('/docs/openapi.json')).json())
    // something in every list, so that a drifted item schema has an item to reject
    const db = api.app.get<Database>(DATABASE)
    const at = (time: string) => new Date(`2025-06-01T${time}Z`)
    await db.counts.addBatch([
      { ts: at('00:00:00'), cameraId: camera.id, label: 'car', direction: 'north', count: 3 },
    ])
    await db.deadLetters.insertBatch([
      {
        topic: 'ioc/v1/sensors/x/readings',
        reason: 'bad_json',
        detail: 'answers',
        payload: Buffer.from('{'),
      },
    ])
    raised = (
      await api.app.get(AlertsService).raise({
        sourceType: 'camera',
        sourceId: camera.id,
        ruleId: 'answers-traffic',
        severity: 'major',
        category: 'traffic',
        subCategory: 'trafficJam',
        district: camera.district,
        title: 'answers',
        description: 'every REST answer once',
        at: new Date(),
        detail: {},
      })
    ).alert
    for (const answer of answers) {
      if (!answer.call) continue
      if (answer.route === 'GET /api/sensors/{id}/readings')
        await db.readings.insertBatch([
          { ts: at('00:00:10'), deviceId: sensor.id, metric: 'pm25', value: 10 },
        ])
      const res = await answer.call(api, () => raised!)
      expect(res.status, `${key(answer)}: ${await res.clone().text()}`).toBe(answer.status)
      got.set(key(answer), await res.json())
    }
  }, 60_000)
  afterAll(async () => {
    await api?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('documents every JSON answer with the schema libs/contracts exports for it, and nothing else', () => {
    const documented = documentedAnswers(doc)
    expect([...documented.keys()].sort()).toEqual(answers.map(key).sort())
    for (const answer of answers) {
      expect(fromContracts(answer.schema), `${key(answer)}: not a schema of libs/contracts`).toBe(true)
      expect(documented.get(key(answer)), key(answer)).toEqual(toOpenApiSchema(answer.schema))
    }
  })

  it('answers every route as its schema says, no field more', () => {
    for (const answer of answers.filter((a) => a.call)) {
      expect(got.has(key(answer)), key(answer)).toBe(true)
      parseAnswer(answer.schema, got.get(key(answer)))
    }
  })

  it('fails when one field of an answer schema drifts: renamed or retyped, each copy rejects the real answer', () => {
    let checked = 0
    for (const answer of answers.filter((a) => a.call)) {
      const body = got.get(key(answer))
      const copies = drifted(answer.schema, body)
      // unions (rules) have no fields of their own; every object answer must be checked
      if (answer.schema instanceof z.ZodObject || answer.schema instanceof z.ZodArray)
        expect(copies.length, `${key(answer)}: nothing to drift (an empty list?)`).toBeGreaterThan(0)
      for (const copy of copies)
        expect(copy.schema.safeParse(body).success, `${key(answer)} with ${copy.change}`).toBe(false)
      checked += copies.length
    }
    expect(checked).toBeGreaterThan(100)
  })
})
