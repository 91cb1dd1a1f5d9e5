import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ShellHeader } from './ShellHeader.js'

export type PendingKey = 'kpi' | 'alerts' | 'camera' | 'sensor' | 'admin'

/** An honest page for a screen of a later issue: its title and that it is being built. */
export function PendingScreen({ screen }: { screen: PendingKey }) {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  return (
    <div className="shell-frame">
      <ShellHeader />
      <main className="shell-page" data-testid={`pending-${screen}`}>
        <h1>{t(`pending.${screen}`, { id })}</h1>
        <p className="shell-muted">{t('pending.body')}</p>
        <p>
          <Link to="/">{t('pending.back')}</Link>
        </p>
      </main>
    </div>
  )
}

export function NotFound() {
  const { t } = useTranslation()
  return (
    <div className="shell-frame">
      <ShellHeader />
      <main className="shell-page">
        <h1>{t('notFound.title')}</h1>
        <p className="shell-muted">{t('notFound.body', { path: window.location.pathname })}</p>
        <p>
          <Link to="/">{t('pending.back')}</Link>
        </p>
      </main>
    </div>
  )
}
