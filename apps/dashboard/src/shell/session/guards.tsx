import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, Outlet, useLocation } from 'react-router'
import type { Role } from '@ioc/contracts'
import { ShellHeader } from '../layout/ShellHeader.js'
import { homeOf } from './home.js'
import { useSession } from './use-session.js'

/** Signed-in users only; others go to /login and come back after. An expired session stays (overlay). */
export function RequireSession({ children }: { children?: ReactNode }) {
  const { state } = useSession()
  const location = useLocation()
  if (state.kind === 'signed-out') {
    const next = `${location.pathname}${location.search}`
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />
  }
  return children ?? <Outlet />
}

/** Only these roles; the others see why (a bookmark of another role's screen is not an error). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const { user } = useSession()
  const { t } = useTranslation()
  if (user && !roles.includes(user.role)) {
    return (
      <div className="shell-frame">
        <ShellHeader />
        <main className="shell-page" role="alert" data-testid="forbidden">
          <h1>{t('forbidden.title')}</h1>
          <p>{t('forbidden.body', { role: t(`roles.${user.role}`) })}</p>
          <p>
            <Link to="/">{t('pending.back')}</Link>
          </p>
        </main>
      </div>
    )
  }
  return children ?? <Outlet />
}

/** `/`: the home screen of the user's role. */
export function HomeRedirect() {
  const { user } = useSession()
  return <Navigate to={user ? homeOf[user.role] : '/login'} replace />
}
