// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it } from 'vitest'
import type { UserAdminView } from '@ioc/contracts'
import { i18n } from '../../i18n/i18n.js'
import { createApiClient } from '../../shell/api/client.js'
import { createQueryClient } from '../../shell/api/query-client.js'
import { ServicesProvider } from '../../shell/services.js'
import { SessionManager } from '../../shell/session/session-manager.js'
import { writeSession } from '../../shell/session/session-store.js'
import { LiveClient } from '../../shell/socket/live-client.js'
import { UsersPage } from './UsersPage.js'

const at = '2026-12-04T10:00:00.000Z'
const user = (
  id: string,
  role: UserAdminView['role'],
  extra: Partial<UserAdminView> = {},
): UserAdminView => ({
  id,
  username: id,
  role,
  district: null,
  disabled: false,
  createdAt: at,
  ...extra,
})
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })

/** The page on a stub of the api that keeps what it was sent; the api's own tests are over HTTP. */
function renderPage() {
  localStorage.clear()
  void i18n.changeLanguage('vi')
  writeSession(localStorage, {
    accessToken: 'a',
    refreshToken: 'r',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'demo-admin', username: 'admin', role: 'admin', district: null },
  })
  const users = [
    user('demo-admin', 'admin', { username: 'admin' }),
    user('tk-traffic', 'traffic', { district: 'Tam Kỳ' }),
  ]
  const sent: { method: string; url: string; body: unknown }[] = []
  const fetch = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    const body = init?.body ? JSON.parse(init.body as string) : undefined
    sent.push({ method, url, body })
    if (url === '/api/admin/users' && method === 'GET') return json(200, { items: users })
    if (url === '/api/admin/users' && method === 'POST') {
      const created = user(body.username, body.role, { district: body.district })
      users.push(created)
      return json(201, { user: created, password: 'Made-Up-Password-123456' })
    }
    if (url.endsWith('/audit')) return json(200, { items: [] })
    return json(404, { code: 'not_found', message: 'no' })
  }) as unknown as typeof globalThis.fetch
  const session = new SessionManager({ storage: localStorage, fetch })
  const api = createApiClient({ auth: session, fetch })
  const live = new LiveClient({ session, api })
  const router = createMemoryRouter([{ path: '/admin/users', element: <UsersPage /> }], {
    initialEntries: ['/admin/users'],
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
  return { sent }
}

afterEach(() => cleanup())

describe('UsersPage', () => {
  it('lists users with role and scope, and keeps an admin from locking their own account', async () => {
    renderPage()
    const row = (await screen.findByRole('button', { name: 'tk-traffic' })).closest('tr')!
    expect(within(row).getByText('Giao thông')).toBeTruthy()
    expect(within(row).getByText('Tam Kỳ')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'admin' }))
    const detail = await screen.findByTestId('user-detail')
    expect(within(detail).getByText(/tài khoản của bạn/)).toBeTruthy()
    expect(
      (within(detail).getByRole('button', { name: 'Khoá tài khoản' }) as HTMLButtonElement).disabled,
    ).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'tk-traffic' }))
    const other = await screen.findByTestId('user-detail')
    await waitFor(() =>
      expect(
        (within(other).getByRole('button', { name: 'Khoá tài khoản' }) as HTMLButtonElement).disabled,
      ).toBe(false),
    )
  })

  it('shows the password the server made up once, and nothing of it after closing', async () => {
    const { sent } = renderPage()
    await screen.findByRole('button', { name: 'tk-traffic' })
    const form = screen.getByTestId('user-create')
    fireEvent.change(within(form).getByRole('textbox', { name: /Tên đăng nhập/ }), {
      target: { value: 'hoian-ops' },
    })
    fireEvent.change(within(form).getByRole('textbox', { name: /Huyện/ }), { target: { value: 'Hội An' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }))
    expect((await screen.findByTestId('secret-value')).textContent).toBe('Made-Up-Password-123456')
    const post = sent.find((r) => r.method === 'POST')!
    // no password typed: none sent, the server makes one
    expect(post.body).toEqual({ username: 'hoian-ops', role: 'operator', district: 'Hội An' })
    fireEvent.click(within(screen.getByTestId('secret-once')).getByRole('button', { name: 'Đóng' }))
    expect(screen.queryByTestId('secret-once')).toBeNull()
    expect(document.body.textContent).not.toContain('Made-Up-Password-123456')
    await screen.findByRole('button', { name: 'hoian-ops' })
  })
})
