import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadLetterPageSchema, errorBodySchema, kpiValueViewSchema, kpiViewSchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { startTestApi, testBrokerUrl, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'

describe.each(testTargets)('KPIs on $name', (target) => {
  let api: TestApi
  const kpi = async (id: string) =>
    parseAnswer(kpiViewSchema, await (await api.request(`/kpis/${id}`, { as: 'leader' })).json())
  const values = async (id: string) =>
    parseAnswer(
      kpiValueViewSchema.array(),
      await (await api.request(`/kpis/${id}/values`, { as: 'leader' })).json(),
    )
  const postCsv = (id: string, csv: string, as: 'operator' | 'admin' = 'operator') =>
    api.request(`/kpis/${id}/values`, {
      as,
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    })

  beforeAll(async () => {
    api = await startTestApi(target)
  })
  afterAll(async () => {
    await api?.close()
  })

  it('lists the plans catalog with published history, progress and who is behind', async () => {
    const res = await api.request('/kpis', { as: 'leader' })
    expect(res.status).toBe(200)
    const list = parseAnswer(kpiViewSchema.array(), await res.json())
    expect(list.length).toBeGreaterThanOrEqual(30)
    const records = list.find((k) => k.id === 'qnam-ho-so-tren-mang')!
    expect(records.name.vi).toBe('Hồ sơ công việc được xử lý trên môi trường mạng')
    expect(records.source).toContain('2768/QĐ-UBND')
    expect(records.targets).toContainEqual({ period: '2030', value: 70, scope: 'commune' })
    // the catalog's pillar, stored with it: every pillar has KPIs, the DTI's overall score none
    expect(records.pillar).toBe('digital_government')
    expect(list.find((k) => k.id === 'bdinh-kinh-te-so-grdp')!.pillar).toBe('digital_economy')
    expect(list.find((k) => k.id === 'bdinh-ho-so-suc-khoe')!.pillar).toBe('digital_society')
    expect(list.find((k) => k.id === 'dti-diem')!.pillar).toBeNull()

    const dti = list.find((k) => k.id === 'dti-diem')!
    expect(dti.byArea.map((v) => [v.area, v.value, v.status])).toEqual([
      ['Bình quân cả nước', 0.5791, 'no_target'],
      ['Quảng Nam', 0.5808, 'no_target'],
    ])
    const rank = list.find((k) => k.id === 'dti-xep-hang')!
    // Quảng Ngãi's newest (2023, 21st) against the plan's top 20 by 2030
    expect(rank.latest).toMatchObject({
      area: 'Quảng Ngãi',
      period: '2023',
      value: 21,
      progress: 0.9524,
      status: 'behind',
    })
    const emc = list.find((k) => k.id === 'emc-ho-so-toan-trinh')!
    const byArea = Object.fromEntries(emc.byArea.map((v) => [v.area, [v.progress, v.status]]))
    expect(byArea['Hà Nam']).toEqual([2.2847, 'met'])
    expect(byArea['Bình quân các tỉnh']).toEqual([0.618, 'behind'])
    expect(emc.byArea.find((v) => v.area === 'Hà Nam')!.source).toContain('EMC')
  })

  it('takes values by JSON for admins and operators only, and a re-report replaces', async () => {
    const body = [
      { period: '2025', value: 81, scope: 'district', area: 'Tam Kỳ' },
      { period: '2025', value: 60, scope: 'commune', area: 'Tam Thanh' },
    ]
    for (const as of ['leader', 'traffic', 'security'] as const)
      expect(
        (await api.request('/kpis/qnam-ho-so-tren-mang/values', { as, method: 'POST', body })).status,
      ).toBe(403)
    const res = await api.request('/kpis/qnam-ho-so-tren-mang/values', {
      as: 'operator',
      method: 'POST',
      body,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ kpiId: 'qnam-ho-so-tren-mang', stored: 2 })
    const corrected = { period: '2025', value: 85, scope: 'district', area: 'Tam Kỳ', source: 'Sở TT&TT' }
    expect(
      (
        await api.request('/kpis/qnam-ho-so-tren-mang/values', {
          as: 'admin',
          method: 'POST',
          body: corrected,
        })
      ).status,
    ).toBe(201)
    const k = await kpi('qnam-ho-so-tren-mang')
    expect(k.byArea.map((v) => [v.area, v.value, v.target, v.progress])).toEqual([
      ['Tam Kỳ', 85, { period: '2030', value: 90 }, 0.9444],
      ['Tam Thanh', 60, { period: '2030', value: 70 }, 0.8571],
    ])
    expect((await values('qnam-ho-so-tren-mang')).length).toBe(2)
  })

  it('answers bad JSON values with 400 naming the field, unknown KPIs with 404', async () => {
    const res = await api.request('/kpis/qnam-thanh-tra-so/values', {
      as: 'operator',
      method: 'POST',
      body: [
        { period: '2025', value: 1, area: 'A' },
        { period: '2025', value: 'high', scope: 'town' },
      ],
    })
    expect(res.status).toBe(400)
    const err = parseAnswer(errorBodySchema, await res.json())
    expect(err.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['1.value', '1.scope', '1.area']))
    expect(err.message).toContain('1.value')
    const unknown = await api.request('/kpis/no-such-kpi/values', {
      as: 'admin',
      method: 'POST',
      body: { period: '2025', value: 1, area: 'A' },
    })
    expect(unknown.status).toBe(404)
    const xml = await api.request('/kpis/qnam-thanh-tra-so/values', {
      as: 'admin',
      method: 'POST',
      body: '<v/>',
      headers: { 'content-type': 'application/xml' },
    })
    expect(xml.status).toBe(415)
    expect((await values('qnam-thanh-tra-so')).length).toBe(0)
  })

  it('imports a good CSV whole, and nothing of a CSV with bad lines, naming each', async () => {
    const id = 'bdinh-ho-so-cong-viec-tren-mang'
    const good =
      'period,value,scope,area\n2024,88,district,An Nhơn\n2024,91,province,Bình Định\n2024-Q4,55,commune,Nhơn Lý\n'
    const ok = await postCsv(id, good)
    expect(ok.status).toBe(201)
    expect(await ok.json()).toEqual({ kpiId: id, stored: 3 })

    const bad = [
      'period,value,scope,area',
      '2025,70,district,Hoài Nhơn', // 2 fine on its own
      '2025,abc,district,Tây Sơn', // 3 bad value
      '2025,75,district,Phù Cát', // 4 fine on its own
      '2025,80,ward,Phù Mỹ', // 5 bad scope
      '2025,81,district,', // 6 missing area
    ].join('\n')
    const rejected = await postCsv(id, bad)
    expect(rejected.status).toBe(400)
    const err = parseAnswer(errorBodySchema, await rejected.json())
    expect(err.code).toBe('csv_rejected')
    expect(err.message).toMatch(
      /^3 dòng lỗi, không nhập dòng nào \/ 3 bad lines, nothing imported: line 3: value/,
    )
    expect(err.details!.map((d) => d.path)).toEqual(['line 3', 'line 5', 'line 6'])
    expect(err.details![1]!.message).toMatch(/^scope: /)
    expect(err.details![2]!.message).toMatch(/^area: /)

    const repeated = await postCsv(id, 'period,value,area\n2025,1,X\n2025,2,Y\n2025,3,X\n')
    expect(repeated.status).toBe(400)
    expect(parseAnswer(errorBodySchema, await repeated.json()).details).toEqual([
      { path: 'line 4', message: 'repeats line 2 (same area, period and ts)' },
    ])
    // neither rejected file left anything behind
    const stored = await values(id)
    expect(stored.map((v) => v.area).sort()).toEqual(['An Nhơn', 'Bình Định', 'Nhơn Lý'])
    expect((await postCsv(id, good, 'admin')).status).toBe(201)
    expect(
      (
        await api.request(`/kpis/${id}/values`, {
          as: 'leader',
          method: 'POST',
          body: good,
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(403)
  })

  it("exports a KPI's values as a CSV file the upload takes back (format=csv or Accept: text/csv)", async () => {
    const id = 'qngai-tthc-muc-4'
    expect(
      (
        await postCsv(
          id,
          'period,value,scope,area,source\n2024,61.5,district,Sơn Tịnh,"Sở TT&TT, kiểm thử"\n',
        )
      ).status,
    ).toBe(201)
    const res = await api.request(`/kpis/${id}/values?format=csv`, { as: 'leader' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.csv"`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM Excel needs for UTF-8
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe('period,ts,value,scope,area,source,target,progress')
    const json = await values(id)
    expect(lines.length).toBe(json.length + 2) // header, a line a value, the last CRLF
    expect(lines).toContainEqual(
      expect.stringMatching(/^2024,[^,]+,61\.5,district,Sơn Tịnh,"Sở TT&TT, kiểm thử",/),
    )
    const accept = await api.request(`/kpis/${id}/values`, { as: 'leader', headers: { accept: 'text/csv' } })
    expect(accept.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(await accept.text()).toBe(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''))
    const bad = await api.request(`/kpis/${id}/values?format=xlsx`, { as: 'leader' })
    expect(bad.status).toBe(400)
  })

  it('takes values by MQTT and turns bad messages into dead letters with their reason', async () => {
    const client = await mqtt.connectAsync(testBrokerUrl)
    const mark = `${target.name}-${process.pid}`
    try {
      // the api subscribes as it starts; wait until the broker routes to it
      await expect
        .poll(
          async () => {
            await client.publishAsync(
              'ioc/v1/kpis/qnam-thanh-tra-so',
              JSON.stringify({ period: '2026', value: 42, area: `probe-${mark}` }),
              { qos: 1 },
            )
            return (await values('qnam-thanh-tra-so')).some((v) => v.area === `probe-${mark}`)
          },
          { timeout: 10_000, interval: 500 },
        )
        .toBe(true)
      await client.publishAsync(
        'ioc/v1/kpis/qnam-thanh-tra-so',
        JSON.stringify([{ ts: '2026-03-01T08:00:00+07:00', value: 43.5, scope: 'district', area: 'Hội An' }]),
        { qos: 1 },
      )
      await client.publishAsync('ioc/v1/kpis/qnam-thanh-tra-so', `{"value": 1, ${mark}`, { qos: 1 })
      await client.publishAsync('ioc/v1/kpis/qnam-thanh-tra-so', JSON.stringify({ value: 'x', area: mark }), {
        qos: 1,
      })
      await client.publishAsync(
        'ioc/v1/kpis/no-such-kpi',
        JSON.stringify({ period: '2026', value: 1, area: mark }),
        { qos: 1 },
      )
      await expect
        .poll(async () => (await values('qnam-thanh-tra-so')).find((v) => v.area === 'Hội An')?.value, {
          timeout: 5000,
        })
        .toBe(43.5)
      const reasons = async () => {
        const page = parseAnswer(
          deadLetterPageSchema,
          await (await api.request('/dead-letters?limit=50', { as: 'admin' })).json(),
        )
        return page.items.map((l) => l.reason).sort()
      }
      await expect.poll(reasons, { timeout: 5000 }).toEqual(['bad_json', 'schema', 'unknown_kpi'])
    } finally {
      await client.endAsync()
    }
  })
})
