/**
 * THE ROLE MATRIX: every route of the api, called with every role and without a token, against
 * the routes table of docs/permissions.md, which this test reads; every room kind joined by every
 * role against its socket rooms table. A route the table does not list fails the test, and so does
 * a row whose route no longer exists: adding a route means adding its row there.
 *
 * A row is `| \`METHOD /api/path/:param\` | no token | admin | operator | leader | traffic | security | ... |`
 * with yes/no cells. "Gets through" means anything but 401/403: the probe sends an empty body and
 * ids that do not exist, so 400 and 404 are normal answers of an allowed role. What narrows an
 * allowed call further (district, camera kind, alert category, assignee) is tested below the matrix.
 */
import { readFileSync } from 'node:fs'
import type { INestApplication } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import {
  alertListSchema,
  alertStatsSchema,
  cameraCreateSchema,
  cameraViewSchema,
  kpiViewSchema,
  loginResponseSchema,
  roleSchema,
  sensorViewSchema,
  type AckResult,
  type Alert,
  type ClientToServerEvents,
  type Role,
  type ServerToClientEvents,
  type SubscribeResponse,
} from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { CamerasRepository } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { AlertsService } from '../src/alerts/alerts.service.js'
import { hashPassword } from '../src/auth/passwords.js'
import { DATABASE } from '../src/database/database.module.js'
import { SourcesDirectory } from '../src/sources/sources-directory.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

type Client = Socket<ServerToClientEvents, ClientToServerEvents>
type Who = Role | null

const roles = roleSchema.options
const docs = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8')

/** The rows of the markdown table whose header starts with `firstHeader`: first cell -> cells. */
function table(firstHeader: string): Map<string, string[]> {
  const lines = docs.split('\n')
  const head = lines.findIndex((l) => l.split('|')[1]?.trim() === firstHeader)
  if (head < 0) throw new Error(`docs/permissions.md has no table headed "${firstHeader}"`)
  const rows = new Map<string, string[]>()
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    rows.set(cells[0]!.replace(/^`|`$/g, ''), cells.slice(1))
  }
  return rows
}
const yes = (cell: string | undefined, where: string): boolean => {
  if (cell !== 'yes' && cell !== 'no') throw new Error(`${where}: "${cell}" is neither yes nor no`)
  return cell === 'yes'
}

/** Route -> who gets through (null: without a token), as docs/permissions.md says. */
const expected = new Map(
  [...table('Route')].map(([route, cells]) => {
    const through = new Map<Who, boolean>([[null, yes(cells[0], `${route}, no token`)]])
    roles.forEach((role, i) => through.set(role, yes(cells[i + 1], `${route}, ${role}`)))
    return [route, through] as const
  }),
)
/** Video players cannot set headers: these take the token as `?token=`. */
const tokenInQuery = new Set([
  'GET /api/cameras/:id/live.flv',
  'GET /api/cameras/:id/snapshot.jpg',
  'GET /api/alerts/:id/snapshot.jpg',
])
/** Public, but refused (401) without the refresh cookie they exist for. */
const ownCookie = new Set(['POST /api/auth/refresh', 'POST /api/auth/logout'])

/** Every method + path the HTTP server answers, as Express holds them (global prefix included). */
function registeredRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }
  }
  const routes = new Set<string>()
  for (const layer of express.router.stack) {
    // the logger's middleware (nestjs-pino) is mounted as a catch-all route: it answers nothing
    if (!layer.route || layer.route.path.includes('*')) continue
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`)
  }
  return [...routes].sort()
}

const run = `${process.pid}-${Date.now() % 100000}`
const here = `Matrix ${run}`
const elsewhere = `Matrix other ${run}`
const trafficCam = `cam-matrix-t-${run}`
const securityCam = `cam-matrix-s-${run}`
const elsewhereCam = `cam-matrix-o-${run}`
const hereSensor = `aq-matrix-${run}`

// Routes and rooms: the PostgreSQL target is enough.
describe('role matrix', () => {
  let api: TestApi
  let db: Database
  /** District staff: a traffic officer of `here`, an operator of `elsewhere` (tokens by real logins). */
  const staff: Record<'traffic' | 'operator', string> = { traffic: '', operator: '' }
  const sockets: Client[] = []

  const addStaff = async (role: 'traffic' | 'operator', district: string) => {
    const username = `matrix-${role}-${run}`
    const password = 'district-staff-password'
    await db.users.upsert({ id: username, username, role, district }, await hashPassword(password))
    const login = await fetch(`${api.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    expect(login.status).toBe(200)
    staff[role] = parseAnswer(loginResponseSchema, await login.json()).accessToken
    return username
  }
  /** A request with a role's token, or with a district staff token. */
  const call = (
    path: string,
    as: Role | { token: string },
    init: { method?: string; body?: unknown } = {},
  ) =>
    typeof as === 'string'
      ? api.request(path, { as, ...init })
      : api.request(path, { ...init, headers: { authorization: `Bearer ${as.token}` } })

  beforeAll(async () => {
    api = await startTestApi(testTargets.find((t) => t.name === 'postgres')!)
    db = api.app.get<Database>(DATABASE)
    const cameras = new CamerasRepository(db.pool)
    const camera = (id: string, kind: 'traffic' | 'security', district: string) =>
      cameras.create(
        cameraCreateSchema.parse({
          id,
          name: id,
          kind,
          lat: 15.57,
          lon: 108.47,
          district,
          rtspUrl: 'rtsp://127.0.0.1:1/x',
        }),
      )
    await camera(trafficCam, 'traffic', here)
    await camera(securityCam, 'security', here)
    await camera(elsewhereCam, 'traffic', elsewhere)
    await db.devices.upsert(
      {
        id: hereSensor,
        kind: 'air_quality',
        name: hereSensor,
        lat: 15.5,
        lon: 108.4,
        district: here,
        metrics: ['pm25'],
      },
      null,
    )
    await api.app.get(SourcesDirectory).refresh()
    await addStaff('traffic', here)
    await addStaff('operator', elsewhere)
  }, 60_000)
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect()
    await api?.close()
  })

  it('lists every registered route, and only those', () => {
    const routes = registeredRoutes(api.app)
    expect(routes.length).toBeGreaterThan(10)
    expect(
      routes.filter((r) => !expected.has(r)),
      'routes missing from docs/permissions.md',
    ).toEqual([])
    expect(
      [...expected.keys()].filter((r) => !routes.includes(r)),
      'rows of docs/permissions.md whose route does not exist',
    ).toEqual([])
  })

  it('no route lets a leader change anything', () => {
    // public writes (login, refresh, logout) are the session, not a change to anything
    const leaderWrites = [...expected]
      .filter(([k, through]) => !k.startsWith('GET ') && !through.get(null) && through.get('leader'))
      .map(([k]) => k)
    expect(leaderWrites).toEqual([])
  })

  it('allows and denies every route to every role exactly as docs/permissions.md says', async () => {
    const mismatches: string[] = []
    let probes = 0
    for (const key of registeredRoutes(api.app)) {
      const through = expected.get(key)
      if (!through) continue // reported by the first test
      const [method, template] = key.split(' ') as [string, string]
      const path = template.replace(/:id\b/g, 'matrix-probe').replace(/:[a-zA-Z_]+/g, 'x')
      for (const role of [null, ...roles]) {
        const token = role ? await api.token(role) : null
        const url = new URL(`${api.base}${path.replace(/^\/api/, '')}`)
        const headers: Record<string, string> = {}
        if (token && tokenInQuery.has(key)) url.searchParams.set('token', token)
        else if (token) headers.authorization = `Bearer ${token}`
        const init: RequestInit = { method, headers, signal: AbortSignal.timeout(10_000) }
        if (method !== 'GET' && method !== 'HEAD') {
          headers['content-type'] = 'application/json'
          init.body = '{}'
        }
        const res = await fetch(url, init)
        await res.body?.cancel()
        probes++
        const want = through.get(role) ? 'through' : role === null ? 401 : 403
        const got = (res.status === 401 && !ownCookie.has(key)) || res.status === 403 ? res.status : 'through'
        if (got !== want)
          mismatches.push(`${key} as ${role ?? 'no token'}: expected ${want}, got ${res.status}`)
      }
    }
    console.log(`${expected.size} routes x ${roles.length + 1} callers: ${probes} requests`)
    expect(mismatches).toEqual([])
  })

  it('shows each role the cameras of its kind; another kind answers 404 like an unknown id', async () => {
    const ids = async (as: Role | { token: string }) =>
      parseAnswer(cameraViewSchema.array(), await (await call('/cameras', as)).json())
        .map((c) => c.id)
        .filter((id) => id.includes(run))
    expect((await ids('leader')).sort()).toEqual([elsewhereCam, securityCam, trafficCam].sort())
    expect((await ids('traffic')).sort()).toEqual([elsewhereCam, trafficCam].sort())
    expect(await ids('security')).toEqual([securityCam])
    for (const path of [
      `/cameras/${securityCam}`,
      `/cameras/${securityCam}/counts`,
      `/cameras/${securityCam}/snapshot.jpg`,
    ]) {
      const res = await call(path, 'traffic')
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ code: 'camera_not_found' })
    }
    const video = await fetch(
      `${api.base}/cameras/${securityCam}/live.flv?token=${await api.token('traffic')}`,
    )
    expect(video.status).toBe(404)
    await video.body?.cancel()
    expect((await call(`/cameras/${securityCam}`, 'security')).status).toBe(200)
    expect((await call(`/cameras/${trafficCam}/counts`, 'traffic')).status).toBe(200)
  })

  it('keeps district staff to their district: lists filtered, single items 404', async () => {
    const traffic = { token: staff.traffic }
    const operator = { token: staff.operator }
    const cams = async (as: { token: string }) =>
      parseAnswer(cameraViewSchema.array(), await (await call('/cameras', as)).json())
        .map((c) => c.id)
        .filter((id) => id.includes(run))
    expect(await cams(traffic)).toEqual([trafficCam])
    expect(await cams(operator)).toEqual([elsewhereCam])
    expect((await call(`/cameras/${trafficCam}`, operator)).status).toBe(404)
    const sensors = async (as: { token: string }) =>
      parseAnswer(sensorViewSchema.array(), await (await call('/sensors', as)).json()).map((d) => d.id)
    expect(await sensors(traffic)).toContain(hereSensor)
    expect(await sensors(operator)).not.toContain(hereSensor)
    for (const path of [`/sensors/${hereSensor}`, `/sensors/${hereSensor}/readings`]) {
      const res = await call(path, operator)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ code: 'sensor_not_found' })
    }
    expect((await call(`/sensors/${hereSensor}/readings`, traffic)).status).toBe(200)
    const deadLetters = await call('/dead-letters', operator)
    expect(deadLetters.status).toBe(403)
    expect((await call('/dead-letters', 'operator')).status).toBe(200)
  })

  it("lets district staff report their own district's KPI values only", async () => {
    const kpis = parseAnswer(kpiViewSchema.array(), await (await call('/kpis', 'leader')).json())
    const kpi = kpis[0]!.id
    const value = (scope: string, area: string) => ({ ts: new Date().toISOString(), value: 50, scope, area })
    const province = await call(
      `/kpis/${kpi}/values`,
      { token: staff.operator },
      {
        method: 'POST',
        body: [value('district', elsewhere), value('province', 'Quảng Nam')],
      },
    )
    expect(province.status).toBe(403)
    expect(await province.json()).toMatchObject({ code: 'forbidden', details: [{ path: '1' }] })
    const own = await call(
      `/kpis/${kpi}/values`,
      { token: staff.operator },
      {
        method: 'POST',
        body: value('district', elsewhere),
      },
    )
    expect(own.status, await own.text()).toBe(201)
  })

  it('lets each role read alerts of every category and act on its own; assigns only to who can act', async () => {
    const alerts = api.app.get(AlertsService)
    const raise = async (category: 'traffic' | 'security', district: string): Promise<Alert> =>
      (
        await alerts.raise({
          sourceType: 'camera',
          sourceId: category === 'traffic' ? trafficCam : securityCam,
          ruleId: `matrix-${category}-${district}-${run}`.slice(0, 64),
          severity: 'major',
          category,
          subCategory: category === 'traffic' ? 'trafficJam' : 'intrusion',
          district,
          title: `${category} in ${district}`,
          description: 'role matrix',
          at: new Date(),
          detail: {},
        })
      ).alert
    const trafficHere = await raise('traffic', here)
    const securityHere = await raise('security', here)
    // reading: every role, every category; another district's staff get 404 and no list entry
    for (const role of roles) expect((await call(`/alerts/${securityHere.id}`, role)).status, role).toBe(200)
    expect((await call(`/alerts/${trafficHere.id}`, { token: staff.operator })).status).toBe(404)
    const listed = parseAnswer(
      alertListSchema,
      await (await call('/alerts?limit=500', { token: staff.operator })).json(),
    )
    expect(listed.items.map((a) => a.id)).not.toContain(trafficHere.id)
    const statsOf = async (as: Role | { token: string }) =>
      parseAnswer(
        alertStatsSchema,
        await (await call(`/alerts/stats?from=${encodeURIComponent(trafficHere.firstSeen)}`, as)).json(),
      ).total
    expect((await statsOf('admin')) - (await statsOf({ token: staff.operator }))).toBeGreaterThanOrEqual(2)
    expect(
      (await call(`/alerts/${trafficHere.id}/ack`, { token: staff.operator }, { method: 'POST' })).status,
    ).toBe(404)
    // acting: the role's own category only
    expect((await call(`/alerts/${securityHere.id}/ack`, 'traffic', { method: 'POST' })).status).toBe(403)
    expect(
      (await call(`/alerts/${trafficHere.id}/comment`, 'security', { method: 'POST', body: { text: 'x' } }))
        .status,
    ).toBe(403)
    // assigning: only to someone who can act on that alert
    const assign = (id: string, assignee: string | null, as: Role | { token: string } = 'operator') =>
      call(`/alerts/${id}/assign`, as, { method: 'POST', body: { assignee } })
    for (const assignee of ['leader', 'security', `matrix-operator-${run}`, 'nobody-such']) {
      const res = await assign(trafficHere.id, assignee)
      expect(res.status, assignee).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'validation_failed', details: [{ path: 'assignee' }] })
    }
    expect((await assign(trafficHere.id, `matrix-traffic-${run}`, 'traffic')).status).toBe(200)
    expect((await assign(trafficHere.id, 'traffic')).status).toBe(200)
    expect((await assign(securityHere.id, 'security', { token: staff.traffic })).status).toBe(403)
    expect((await assign(trafficHere.id, null, { token: staff.traffic })).status).toBe(200)
  })

  describe('socket rooms', () => {
    const connect = async (token: string): Promise<Client> => {
      const socket: Client = io(api.base.replace(/\/api$/, ''), {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
      })
      sockets.push(socket)
      await new Promise<void>((ok, fail) => {
        socket.once('connect', () => ok())
        socket.once('connect_error', fail)
      })
      return socket
    }
    const join = (socket: Client, room: string) =>
      new Promise<AckResult<SubscribeResponse>>((ok) =>
        socket.emit('subscribe', { rooms: [room] as never }, (r: AckResult<SubscribeResponse>) => ok(r)),
      )
    /** The table's placeholders, as rooms of this test's site. */
    const roomOf = (row: string) =>
      row
        .replace('<registered district>', here)
        .replace('<unknown district>', `Atlantis ${run}`)
        .replace('<traffic camera>', trafficCam)
        .replace('<security camera>', securityCam)
        .replace('<unknown camera>', `cam-nowhere-${run}`)

    it('lets every role join exactly the rooms docs/permissions.md says', async () => {
      const rows = table('Room')
      expect(rows.size).toBeGreaterThanOrEqual(10)
      const mismatches: string[] = []
      for (const [i, role] of roles.entries()) {
        const socket = await connect(await api.token(role))
        for (const [row, cells] of rows) {
          const want = yes(cells[i], `${row}, ${role}`)
          const got = await join(socket, roomOf(row))
          if (got.ok !== want)
            mismatches.push(
              `${row} as ${role}: expected ${want ? 'joined' : 'refused'}, got ${JSON.stringify(got)}`,
            )
        }
        socket.disconnect()
      }
      expect(mismatches).toEqual([])
    })

    it('keeps district staff to their district room and its cameras of their kind', async () => {
      const socket = await connect(staff.traffic)
      const joined = async (room: string) => (await join(socket, room)).ok
      expect(await joined(`district:${here}`)).toBe(true)
      expect(await joined(`camera:${trafficCam}`)).toBe(true)
      expect(await joined(`camera:${securityCam}`)).toBe(false)
      expect(await joined(`camera:${elsewhereCam}`)).toBe(false)
      expect(await joined(`district:${elsewhere}`)).toBe(false)
      for (const domain of ['alerts', 'readings', 'kpis', 'health', 'cameras'])
        expect(await joined(`domain:${domain}`), domain).toBe(false)
    })
  })
})
