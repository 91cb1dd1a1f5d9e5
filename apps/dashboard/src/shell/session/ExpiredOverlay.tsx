import { useTranslation } from 'react-i18next'
import { LoginForm } from '../../login/LoginForm.js'
import { useSession } from './use-session.js'

/**
 * When the session cannot be renewed the screen stays where it is, under this dialog: a wall in a
 * command room is never silently logged out to a blank login page.
 */
export function ExpiredOverlay() {
  const { t } = useTranslation()
  const { state } = useSession()
  if (state.kind !== 'expired') return null
  return (
    <div
      className="expired-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="expired-title"
      data-testid="session-expired"
    >
      <section className="expired-card">
        <h2 id="expired-title">{t('session.expiredTitle')}</h2>
        <p>{t('session.expiredBody')}</p>
        <LoginForm initialUsername={state.user.username} onSignedIn={() => {}} />
      </section>
    </div>
  )
}
