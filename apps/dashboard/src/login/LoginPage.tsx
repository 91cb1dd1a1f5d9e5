import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { homeOf, safeNext } from '../shell/session/home.js'
import { useSession } from '../shell/session/use-session.js'
import { LanguageSwitch } from '../shell/layout/LanguageSwitch.js'
import { loginNs } from './i18n.js'
import { LoginForm } from './LoginForm.js'

export function LoginPage() {
  const { t } = useTranslation(loginNs)
  const { t: shell } = useTranslation()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const { state } = useSession()
  const next = safeNext(params.get('next'))
  if (state.kind === 'active') return <Navigate to={next ?? homeOf[state.session.user.role]} replace />
  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <section className="login-card" aria-labelledby="login-title">
        <p className="login-brand">{shell('site')}</p>
        <h1 id="login-title">{t('title')}</h1>
        <p className="login-subtitle">{t('subtitle')}</p>
        <LoginForm onSignedIn={(s) => navigate(next ?? homeOf[s.user.role], { replace: true })} />
      </section>
    </main>
  )
}
