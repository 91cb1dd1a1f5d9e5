// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it } from 'vitest'
import type { KpiView } from '@ioc/contracts'
import { i18n } from '../i18n/i18n.js'
import { createApiClient } from '../shell/api/client.js'
import { createQueryClient } from '../shell/api/query-client.js'
import { ServicesProvider } from '../shell/services.js'
import { SessionManager } from '../shell/session/session-manager.js'
import { writeSession } from '../shell/session/session-store.js'
import { LiveClient } from '../shell/socket/live-client.js'
import { KpiPage } from './KpiPage.js'
import { kpi, value } from './logic/test-values.js'

const target = { period: '2030', value: 90 }
const records = kpi({
  id: 'qnam-ho-so-tren-mang',
  name: { vi: 'Hồ sơ công việc được xử lý trên môi trường mạng', en: 'Work records processed online' },
  targets: [{ period: '2030', value: 90, scope: 'district' }],
  latest: value({ area: 'Tam Kỳ', value: 81, target, progress: 0.9, status: 'behind' }),
  byArea: [
    value({ area: 'Tam Kỳ', value: 81, target, progress: 0.9, status: 'behind' }),
    value({ area: 'Điện Bàn', value: 54, target, progress: 0.6, status: 'behind' }),
    value({ area: 'Hội An', value: 95, target, progress: 1.0556, status: 'met' }),
  ],
})
const noData = kpi({ id: 'qnam-thanh-tra-so', targets: [{ period: '2030', value: 70, scope: 'province' }] })
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })

function renderPage(catalog: () => Response, locale: 'vi' | 'en' = 'vi') {
  localStorage.clear()
  void i18n.changeLanguage(locale)
  writeSession(localStorage, {
    accessToken: 'a',
    refreshToken: 'r',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'u', username: 'leader', role: 'leader', district: null },
  })
  const fetch = (async (url: string) =>
    url === '/api/kpis'
      ? catalog()
      : url.endsWith('/values')
        ? json(200, records.byArea)
        : json(404, { code: 'not_found', message: 'no' })) as unknown as typeof globalThis.fetch
  const session = new SessionManager({ storage: localStorage, fetch })
  const api = createApiClient({ auth: session, fetch })
  // never started: no socket in these tests, the page stands on REST alone
  const live = new LiveClient({ session, api })
  const router = createMemoryRouter([{ path: '/kpi/:kpiId?', element: <KpiPage /> }], {
    initialEntries: ['/kpi'],
  })
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>
        <ServicesProvider services={{ session, api, live }}>
          <RouterProvider router={router} />
        </ServicesProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  )
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { value: online, configurable: true })
  act(() => void window.dispatchEvent(new Event(online ? 'online' : 'offline')))
}

afterEach(() => {
  // online again before unmounting: the query cache hears the event only while it is in use
  setOnline(true)
  cleanup()
  void i18n.changeLanguage('vi')
})

describe('KpiPage', () => {
  it('shows the KPIs with their targets and status, the furthest district behind first', async () => {
    renderPage(() => json(200, [records, noData] satisfies KpiView[]))
    expect(screen.getByTestId('kpi-loading').textContent).toBe('Đang tải chỉ tiêu…')
    const cards = await screen.findAllByTestId('kpi-card')
    expect(cards).toHaveLength(2)
    expect(within(cards[0]!).getByTestId('kpi-value').textContent).toBe('81%')
    expect(cards[0]!.textContent).toContain('Mục tiêu ≥ 90% (2030)')
    expect(cards[1]!.textContent).toContain('Chưa có số liệu')
    expect(cards[1]!.textContent).toContain('Mục tiêu ≥ 70% (2030)')
    const behind = screen.getAllByTestId('kpi-behind-row')
    expect(behind.map((r) => r.getAttribute('data-area'))).toEqual(['Điện Bàn', 'Tam Kỳ'])
    expect(behind[0]!.textContent).toContain('thiếu 36 điểm %')
  })

  it('keeps the figures when the network goes, saying since when', async () => {
    renderPage(() => json(200, [records]), 'en')
    await screen.findAllByTestId('kpi-card')
    setOnline(false)
    const bar = screen.getByTestId('kpi-freshness')
    expect(bar.getAttribute('data-state')).toBe('offline')
    expect(bar.textContent).toMatch(/^Offline — figures as of \d\d:\d\d$/)
    expect(screen.getAllByTestId('kpi-card')).toHaveLength(1)
  })

  it('says when the catalog could not be loaded, and when it is empty', async () => {
    renderPage(() => json(403, { code: 'forbidden', message: 'Không được phép' }))
    expect((await screen.findByTestId('kpi-failed')).textContent).toContain('Không được phép')
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeTruthy()
    cleanup()
    renderPage(() => json(200, []))
    await waitFor(() =>
      expect(screen.getByTestId('kpi-empty').textContent).toBe('Chưa có chỉ tiêu nào trong danh mục.'),
    )
  })
})
