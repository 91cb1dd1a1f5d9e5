/**
 * THE ROLE MATRIX: every route of the api, called with every role and without a token, against
 * the table below. A route the table does not list fails the test, and so does a row whose route
 * no longer exists: adding a route means adding its row here.
 *
 * Adding a row: one line, `'METHOD /api/path/:param': allow`, where allow is
 *   'public'            no token needed (everybody, also without a token, gets through),
 *   'all'               any signed-in role, 401 without a token,
 *   ['admin', ...]      only these roles; the others get 403, no token 401.
 * or `{ allow, ...options }` when the probe needs something particular (see RouteRow).
 * "Gets through" means anything but 401/403: the probe sends an empty body and ids that do not
 * exist, so 400 and 404 are normal answers of an allowed role.
 *
 * Leaders read KPIs and dashboards but change nothing: no POST/PATCH/DELETE row lists 'leader'.
 */
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roleSchema, type Role } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'

type Allow = 'public' | 'all' | readonly Role[]
interface RouteRow {
  allow: Allow
  /** The token goes in `?token=` instead of the Authorization header (video players cannot set headers). */
  tokenInQuery?: boolean
}

const staff = ['admin', 'operator'] as const
const everyone = 'all'
const alertActors = ['admin', 'operator', 'traffic', 'security'] as const

const expected: Record<string, Allow | RouteRow> = {
  // public
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs/': 'public',
  'GET /api/docs/index.html': 'public',
  'GET /api/docs/swagger-ui-init.js': 'public',
  'GET /api/docs/docs/swagger-ui-init.js': 'public',
  'GET /api/docs/LICENSE': 'public',
  'GET /api/docs/openapi.json': 'public',
  // auth
  'GET /api/auth/me': everyone,
  // monitoring: admins, or the scraper's IOC_METRICS_TOKEN (docs-metrics.e2e.test.ts)
  'GET /api/metrics': ['admin'],
  // sensors and their history
  'GET /api/sensors': everyone,
  'POST /api/sensors': ['admin'],
  'GET /api/sensors/:id': everyone,
  'GET /api/sensors/:id/readings': everyone,
  'GET /api/cameras/:id/counts': everyone,
  // cameras: everybody watches; admins register and change them (credentials are write-only)
  'GET /api/cameras': everyone,
  'POST /api/cameras': ['admin'],
  'GET /api/cameras/:id': everyone,
  'PATCH /api/cameras/:id': ['admin'],
  'GET /api/cameras/:id/live.flv': { allow: everyone, tokenInQuery: true },
  'GET /api/cameras/:id/snapshot.jpg': { allow: everyone, tokenInQuery: true },
  'GET /api/dead-letters': staff,
  // KPIs: everybody reads (leaders on tablets); staff report values
  'GET /api/kpis': everyone,
  'GET /api/kpis/live': everyone,
  'GET /api/kpis/:id': everyone,
  'GET /api/kpis/:id/values': everyone,
  'POST /api/kpis/:id/values': staff,
  // alerts: everybody reads; leaders never act; for the others canActOnAlert decides per alert
  // (alerts-live.e2e.test.ts: security on a traffic alert gets 403 there)
  'GET /api/alerts': everyone,
  'GET /api/alerts/stats': everyone,
  'GET /api/alerts/:id': everyone,
  'POST /api/alerts/:id/ack': alertActors,
  'POST /api/alerts/:id/assign': alertActors,
  'POST /api/alerts/:id/comment': alertActors,
  'POST /api/alerts/:id/resolve': alertActors,
  // rules explain the alerts: everybody reads, staff edit
  'GET /api/rules': everyone,
  'GET /api/rules/:id': everyone,
  'POST /api/rules': staff,
  'PATCH /api/rules/:id': staff,
  'DELETE /api/rules/:id': staff,
}

const roles = roleSchema.options

/** Every method + path the HTTP server answers, as Express holds them (global prefix included). */
function registeredRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }
  }
  const routes = new Set<string>()
  for (const layer of express.router.stack) {
    if (!layer.route) continue
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`)
  }
  return [...routes].sort()
}

const rowOf = (key: string): RouteRow => {
  const row = expected[key]!
  return typeof row === 'object' && !Array.isArray(row) ? (row as RouteRow) : { allow: row as Allow }
}
const allows = (allow: Allow, role: Role | null): boolean =>
  allow === 'public' || (role !== null && (allow === 'all' || allow.includes(role)))

// Routes only, no SQL of their own: the PostgreSQL target is enough.
describe('role matrix', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi(testTargets.find((t) => t.name === 'postgres')!)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('lists every registered route, and only those', () => {
    const routes = registeredRoutes(api.app)
    expect(routes.length).toBeGreaterThan(10)
    expect(
      routes.filter((r) => !(r in expected)),
      'routes missing from the table',
    ).toEqual([])
    expect(
      Object.keys(expected).filter((r) => !routes.includes(r)),
      'rows of routes that do not exist',
    ).toEqual([])
  })

  it('no route lets a leader change anything', () => {
    const writes = Object.keys(expected).filter((k) => !k.startsWith('GET '))
    const leaderWrites = writes.filter((k) => {
      const { allow } = rowOf(k)
      return allow === 'all' || (Array.isArray(allow) && allow.includes('leader'))
    })
    expect(leaderWrites).toEqual([])
  })

  it('allows and denies every route to every role exactly as the table says', async () => {
    const mismatches: string[] = []
    for (const key of registeredRoutes(api.app)) {
      if (!(key in expected)) continue // reported by the first test
      const { allow, tokenInQuery } = rowOf(key)
      const [method, template] = key.split(' ') as [string, string]
      const path = template.replace(/:id\b/g, 'matrix-probe').replace(/:[a-zA-Z_]+/g, 'x')
      for (const role of [null, ...roles]) {
        const token = role ? await api.token(role) : null
        const url = new URL(`${api.base}${path.replace(/^\/api/, '')}`)
        const headers: Record<string, string> = {}
        if (token && tokenInQuery) url.searchParams.set('token', token)
        else if (token) headers.authorization = `Bearer ${token}`
        const init: RequestInit = { method, headers, signal: AbortSignal.timeout(10_000) }
        if (method !== 'GET' && method !== 'HEAD') {
          headers['content-type'] = 'application/json'
          init.body = '{}'
        }
        const res = await fetch(url, init)
        await res.body?.cancel()
        const want = allows(allow, role) ? 'through' : role === null ? 401 : 403
        const got = res.status === 401 || res.status === 403 ? res.status : 'through'
        if (got !== want)
          mismatches.push(`${key} as ${role ?? 'no token'}: expected ${want}, got ${res.status}`)
      }
    }
    expect(mismatches).toEqual([])
  })
})
