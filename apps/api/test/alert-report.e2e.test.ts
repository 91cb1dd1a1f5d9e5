// The MTTA/MTTR report over real HTTP on both databases, with alerts of known times written
// straight into the tables (acknowledged and resolved at chosen moments, which the api cannot fake).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { alertReportSchema, errorBodySchema, loginResponseSchema } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { testTargets } from '@ioc/db/testing'
import { hashPassword } from '../src/auth/passwords.js'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

const period = 'from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z'
const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000)

describe.each(testTargets)('alert report on $name', (target) => {
  let api: TestApi
  let hoiAnStaff = ''

  beforeAll(async () => {
    api = await startTestApi(target)
    const sql = new pg.Client({ connectionString: api.database.url })
    await sql.connect()
    try {
      const alert = async (
        category: 'traffic' | 'security',
        district: string | null,
        firstSeen: string,
        ackAfter: number | null,
        resolveAfter: number | null,
      ) => {
        const first = at(firstSeen)
        const { rows } = await sql.query<{ id: string }>(
          `insert into alerts (seq, source_type, source_id, rule_id, severity, status, acknowledged, category,
             sub_category, district, title, first_seen, last_seen, ack_by, ack_at, cleared_at)
           values (nextval('alert_seq'), 'sensor', $1, 'report-rule', 'major', $2, $3, $4, 'other', $5, 'report',
             $6, $6, $7, $8, $9) returning id::text as id`,
          [
            `report-${firstSeen}`,
            resolveAfter === null ? 'active' : 'cleared',
            ackAfter !== null,
            category,
            district,
            first,
            ackAfter === null ? null : 'operator',
            ackAfter === null ? null : at(firstSeen, ackAfter),
            resolveAfter === null ? null : at(firstSeen, resolveAfter),
          ],
        )
        if (resolveAfter !== null)
          await sql.query(
            `insert into alert_events (seq, alert_id, action, actor, at) values (nextval('alert_seq'), $1, 'resolved', 'operator', $2)`,
            [rows[0]!.id, at(firstSeen, resolveAfter)],
          )
      }
      await alert('traffic', 'Tam Kỳ', '2025-03-01T02:00:00Z', 60, 600) // 09:00 local, morning
      await alert('traffic', 'Hội An', '2025-03-01T08:00:00Z', 180, null) // 15:00, afternoon
      await alert('security', 'Hội An', '2025-03-01T16:00:00Z', null, null) // 23:00, night
      await alert('security', null, '2025-03-01T03:00:00Z', 30, 90) // 10:00, morning
      await alert('traffic', 'Tam Kỳ', '2025-03-03T02:00:00Z', 5, 5) // outside the period
    } finally {
      await sql.end()
    }
    const db = api.app.get<Database>(DATABASE)
    await db.users.upsert(
      { id: 'report-hoian', username: 'report-hoian', role: 'operator', district: 'Hội An' },
      await hashPassword('report-staff-pw'),
    )
    const login = await api.request('/auth/login', {
      method: 'POST',
      body: { username: 'report-hoian', password: 'report-staff-pw' },
    })
    hoiAnStaff = parseAnswer(loginResponseSchema, await login.json()).accessToken
  }, 120_000)

  afterAll(async () => {
    await api?.close()
  })

  const report = async (query: string, headers: Record<string, string> = {}) => {
    const res = await api.request(`/alerts/report?${query}`, { as: 'leader', headers })
    expect(res.status, await res.clone().text()).toBe(200)
    return parseAnswer(alertReportSchema, await res.json())
  }

  it('gives MTTA and MTTR by domain over the period, and overall', async () => {
    const r = await report(`${period}&groupBy=domain`)
    expect(r.rows).toEqual([
      {
        key: 'security',
        total: 2,
        acknowledged: 1,
        resolved: 1,
        meanTimeToAcknowledgeSeconds: 30,
        meanTimeToResolveSeconds: 90,
      },
      {
        key: 'traffic',
        total: 2,
        acknowledged: 2,
        resolved: 1,
        meanTimeToAcknowledgeSeconds: 120,
        meanTimeToResolveSeconds: 600,
      },
    ])
    expect(r.overall).toEqual({
      total: 4,
      acknowledged: 3,
      resolved: 2,
      meanTimeToAcknowledgeSeconds: 90,
      meanTimeToResolveSeconds: 345,
    })
  })

  it('groups by district and by shift (local time)', async () => {
    expect((await report(`${period}&groupBy=district`)).rows).toEqual([
      {
        key: 'Hội An',
        total: 2,
        acknowledged: 1,
        resolved: 0,
        meanTimeToAcknowledgeSeconds: 180,
        meanTimeToResolveSeconds: null,
      },
      {
        key: 'Tam Kỳ',
        total: 1,
        acknowledged: 1,
        resolved: 1,
        meanTimeToAcknowledgeSeconds: 60,
        meanTimeToResolveSeconds: 600,
      },
      {
        key: null,
        total: 1,
        acknowledged: 1,
        resolved: 1,
        meanTimeToAcknowledgeSeconds: 30,
        meanTimeToResolveSeconds: 90,
      },
    ])
    expect((await report(`${period}&groupBy=shift`)).rows).toEqual([
      {
        key: 'afternoon',
        total: 1,
        acknowledged: 1,
        resolved: 0,
        meanTimeToAcknowledgeSeconds: 180,
        meanTimeToResolveSeconds: null,
      },
      {
        key: 'morning',
        total: 2,
        acknowledged: 2,
        resolved: 2,
        meanTimeToAcknowledgeSeconds: 45,
        meanTimeToResolveSeconds: 345,
      },
      {
        key: 'night',
        total: 1,
        acknowledged: 0,
        resolved: 0,
        meanTimeToAcknowledgeSeconds: null,
        meanTimeToResolveSeconds: null,
      },
    ])
  })

  it('exports CSV with format=csv or Accept: text/csv', async () => {
    const res = await api.request(`/alerts/report?${period}&groupBy=shift&format=csv`, { as: 'leader' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="alerts-shift-2025-03-01-2025-03-02.csv"',
    )
    expect((await res.text()).split('\r\n')).toEqual([
      'shift,total,acknowledged,resolved,mtta_seconds,mttr_seconds',
      'afternoon,1,1,0,180,',
      'morning,2,2,2,45,345',
      'night,1,0,0,,',
      'all,4,3,2,90,345',
      '',
    ])
    const accepted = await api.request(`/alerts/report?${period}&groupBy=domain`, {
      as: 'operator',
      headers: { accept: 'text/csv' },
    })
    expect(accepted.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect((await accepted.text()).split('\r\n')[1]).toBe('security,2,1,1,30,90')
  })

  it("keeps district staff to their district's alerts (and the province-wide ones); refuses a bad period", async () => {
    const res = await api.request(`/alerts/report?${period}&groupBy=district`, {
      headers: { authorization: `Bearer ${hoiAnStaff}` },
    })
    expect(parseAnswer(alertReportSchema, await res.json()).rows.map((r) => [r.key, r.total])).toEqual([
      ['Hội An', 2],
      [null, 1],
    ])
    for (const bad of [
      'groupBy=domain',
      'from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z',
      `${period}&groupBy=week`,
    ]) {
      const r = await api.request(`/alerts/report?${bad}`, { as: 'leader' })
      expect(r.status, bad).toBe(400)
      expect(parseAnswer(errorBodySchema, await r.json()).code).toBe('validation_failed')
    }
  })
})
