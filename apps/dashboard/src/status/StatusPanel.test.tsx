import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { Health } from '@ioc/contracts'
import { i18n } from '../i18n/i18n.js'
import { StatusPanel } from './StatusPanel.js'

const vi = i18n.getFixedT('vi')
const en = i18n.getFixedT('en')

const report: Health = {
  status: 'degraded',
  db: { ok: true, dialect: 'timescaledb', latencyMs: 2.5 },
  broker: { ok: false, url: 'mqtt://127.0.0.1:18830', error: 'connect ECONNREFUSED' },
  pipelines: { 'ingest.database': { ok: true, detail: 'timescaledb' } },
  version: '0.1.0',
  uptimeS: 600,
}

describe('StatusPanel', () => {
  it('shows each part of the system with its state, in Vietnamese', () => {
    const html = renderToStaticMarkup(
      <StatusPanel state={{ kind: 'ok', report, checkedAt: new Date() }} t={vi} />,
    )
    expect(html).toContain('Trạng thái hệ thống')
    expect(html).toContain('Suy giảm')
    expect(html).toContain('timescaledb · 2.5 ms')
    expect(html).toContain('connect ECONNREFUSED')
    expect(html).toContain('ingest.database')
    expect(html).toContain('10 phút')
  })

  it('says when the api cannot be reached and keeps the last known state', () => {
    const html = renderToStaticMarkup(
      <StatusPanel state={{ kind: 'unreachable', error: 'Failed to fetch', last: report }} t={en} />,
    )
    expect(html).toContain('role="alert"')
    expect(html).toContain('Cannot reach the API server')
    expect(html).toContain('timescaledb')
    expect(html).toContain('10 min')
  })

  it('has an empty state when no service has reported', () => {
    const html = renderToStaticMarkup(
      <StatusPanel
        state={{ kind: 'ok', report: { ...report, pipelines: {} }, checkedAt: new Date() }}
        t={vi}
      />,
    )
    expect(html).toContain('Chưa có dịch vụ nào báo cáo.')
  })
})
