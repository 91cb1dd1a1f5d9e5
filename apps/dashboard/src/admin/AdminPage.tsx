import { useTranslation } from 'react-i18next'
import { NavLink, Outlet } from 'react-router'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import { adminNs } from './i18n.js'
import './admin.css'

const sections = ['cameras', 'sensors', 'rules', 'users'] as const

/** `/admin/*` (admins only, routes.tsx): the configuration screens under one tab bar. */
export function AdminPage() {
  const { t } = useTranslation(adminNs)
  return (
    <div className="shell-frame">
      {/* a short title, as the wall's: the app's long name, and even "Quản trị hệ thống", did not
          fit beside the admin's extra tab at 1920 px */}
      <ShellHeader title={t('nav.admin', { ns: 'shell' })} />
      <nav className="admin-tabs" aria-label={t('title')}>
        {sections.map((s) => (
          <NavLink key={s} to={`/admin/${s}`} className="admin-tab" data-testid={`admin-tab-${s}`}>
            {t(`tabs.${s}`)}
          </NavLink>
        ))}
      </nav>
      <main className="admin-page">
        <Outlet />
      </main>
    </div>
  )
}
