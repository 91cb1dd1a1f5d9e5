// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, describe, expect, it } from 'vitest'
import type { LoginResponse } from '@ioc/contracts'
import { i18n } from '../../i18n/i18n.js'
import { createApiClient } from '../api/client.js'
import { createQueryClient } from '../api/query-client.js'
import { ShellLayout } from '../layout/ShellLayout.js'
import { ServicesProvider } from '../services.js'
import { LiveClient } from '../socket/live-client.js'
import { SessionManager } from './session-manager.js'
import { writeSession } from './session-store.js'

const user = { id: 'u1', username: 'operator', role: 'operator' as const, district: null }
const session = (n: number): LoginResponse => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  user,
})
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })

/** The shell around a screen, with the api answering `answer(path)`. */
function renderShell(answer: (path: string, body: unknown) => Response) {
  localStorage.clear()
  writeSession(localStorage, session(1))
  const fetch = (async (url: string, init: RequestInit) =>
    answer(url, init.body ? JSON.parse(String(init.body)) : null)) as unknown as typeof globalThis.fetch
  const manager = new SessionManager({ storage: localStorage, fetch })
  const api = createApiClient({ auth: manager, fetch })
  const live = new LiveClient({ session: manager, api })
  const router = createMemoryRouter(
    [{ element: <ShellLayout />, children: [{ path: '/wall', element: <p>the wall behind</p> }] }],
    { initialEntries: ['/wall'] },
  )
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={createQueryClient()}>
        <ServicesProvider services={{ session: manager, api, live }}>
          <RouterProvider router={router} />
        </ServicesProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  )
  return { manager, router }
}

describe('session expired overlay', () => {
  afterEach(() => {
    cleanup()
    void i18n.changeLanguage('vi')
  })

  it('covers the screen without leaving it when the refresh is refused, and signing in removes it', async () => {
    await i18n.changeLanguage('en')
    const { manager, router } = renderShell((path) =>
      path === '/api/auth/refresh'
        ? json(401, { code: 'unauthorized', message: 'revoked' })
        : json(200, session(2)),
    )
    expect(screen.queryByTestId('session-expired')).toBeNull()
    await act(() => manager.renew('access-1'))
    const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' })
    expect(screen.getByText('the wall behind')).toBeTruthy() // the screen is still there
    expect(router.state.location.pathname).toBe('/wall') // no redirect to /login
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('operator')
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'ioc-demo' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(screen.queryByTestId('session-expired')).toBeNull())
    expect(dialog.isConnected).toBe(false)
    expect(await manager.token()).toBe('access-2')
    manager.dispose()
  })

  it('tells how long to wait after too many attempts (429), in Vietnamese', async () => {
    const { manager } = renderShell((path) =>
      path === '/api/auth/refresh'
        ? json(401, { code: 'unauthorized', message: 'revoked' })
        : new Response(JSON.stringify({ code: 'too_many_login_attempts', message: 'x' }), {
            status: 429,
            headers: { 'retry-after': '37' },
          }),
    )
    await act(() => manager.renew('access-1'))
    await screen.findByTestId('session-expired')
    fireEvent.change(screen.getByLabelText('Mật khẩu'), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }))
    await waitFor(() =>
      expect(screen.getByTestId('login-error').textContent).toBe(
        'Đăng nhập sai quá nhiều lần. Hãy thử lại sau 37 giây.',
      ),
    )
    expect((screen.getByRole('button', { name: 'Đăng nhập' }) as HTMLButtonElement).disabled).toBe(true)
    manager.dispose()
  })
})
