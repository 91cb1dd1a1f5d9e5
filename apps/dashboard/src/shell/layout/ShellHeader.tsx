import { useTranslation } from 'react-i18next'
import { NavLink, useNavigate } from 'react-router'
import type { Role } from '@ioc/contracts'
import { HealthIndicator } from '../../status/HealthIndicator.js'
import { useKiosk } from '../kiosk/use-kiosk.js'
import { useServices } from '../services.js'
import { useSession } from '../session/use-session.js'
import { Clock } from './Clock.js'
import { LanguageSwitch } from './LanguageSwitch.js'
import { LivePill } from './LivePill.js'

const nav: { to: string; key: string; roles: readonly Role[] }[] = [
  { to: '/wall', key: 'nav.wall', roles: ['admin', 'operator', 'traffic', 'security', 'leader'] },
  { to: '/alerts', key: 'nav.alerts', roles: ['admin', 'operator', 'traffic', 'security', 'leader'] },
  { to: '/kpi', key: 'nav.kpi', roles: ['admin', 'operator', 'traffic', 'security', 'leader'] },
  { to: '/admin', key: 'nav.admin', roles: ['admin'] },
]

/** Every screen's header: where you are, whether the data is live and healthy, who is signed in. */
export function ShellHeader({ title }: { title?: string }) {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const { user } = useSession()
  const { session } = useServices()
  const navigate = useNavigate()
  return (
    <header className={`shell-header${kiosk ? ' shell-header-kiosk' : ''}`}>
      <div className="shell-brand">
        <span className="shell-title">{title ?? t('appTitle')}</span>
        <span className="shell-site">{t('site')}</span>
      </div>
      {!kiosk && user && (
        <nav className="shell-nav" aria-label="main">
          {nav
            .filter((item) => item.roles.includes(user.role))
            .map((item) => (
              <NavLink key={item.to} to={item.to} className="shell-nav-link">
                {t(item.key)}
              </NavLink>
            ))}
        </nav>
      )}
      <div className="shell-status">
        <LivePill />
        <HealthIndicator />
        <Clock />
        {!kiosk && user && (
          // The name only: role and district in the tooltip keep the header on one row at 1920 px.
          <span
            className="shell-user"
            data-testid="shell-user"
            title={`${t(`roles.${user.role}`)} · ${user.district ?? t('wholeProvince')}`}
          >
            {user.username}
            {user.district && ` · ${user.district}`}
          </span>
        )}
        {!kiosk && <LanguageSwitch />}
        {!kiosk && user && (
          <button
            type="button"
            className="shell-button"
            onClick={() => void session.logout().then(() => navigate('/login', { replace: true }))}
          >
            {t('signOut')}
          </button>
        )}
      </div>
    </header>
  )
}
