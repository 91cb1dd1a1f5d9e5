import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { LoginResponse } from '@ioc/contracts'
import { useServices } from '../shell/services.js'
import { loginNs } from './i18n.js'
import { loginProblemOf, type LoginProblem } from './login-error.js'
import './login.css'

/** Username and password; used by /login and by the "session expired" overlay. */
export function LoginForm({
  initialUsername = '',
  onSignedIn,
}: {
  initialUsername?: string
  onSignedIn: (session: LoginResponse) => void
}) {
  const { t } = useTranslation(loginNs)
  const { session } = useServices()
  const id = useId()
  const [username, setUsername] = useState(initialUsername)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<LoginProblem | { kind: 'required' } | null>(null)
  const now = useNow(problem?.kind === 'throttled')
  const waitS = problem?.kind === 'throttled' ? Math.max(0, Math.ceil((problem.until - now) / 1000)) : 0

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (username.trim() === '' || password === '') return setProblem({ kind: 'required' })
    setBusy(true)
    setProblem(null)
    try {
      onSignedIn(await session.login({ username: username.trim(), password }))
    } catch (err) {
      setProblem(loginProblemOf(err))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  const message = (() => {
    switch (problem?.kind) {
      case undefined:
        return null
      case 'required':
        return t('required')
      case 'bad-credentials':
        return t('badCredentials')
      case 'throttled':
        return waitS > 0 ? t('throttled', { seconds: waitS }) : t('throttledNow')
      case 'unreachable':
        return t('unreachable')
      case 'failed':
        return t('failed', { message: problem.message })
    }
  })()

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby={`${id}-error`}>
      <label htmlFor={`${id}-user`}>{t('username')}</label>
      <input
        id={`${id}-user`}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        required
      />
      <label htmlFor={`${id}-pass`}>{t('password')}</label>
      <input
        id={`${id}-pass`}
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <p id={`${id}-error`} className="login-error" role="alert" data-testid="login-error">
        {message}
      </p>
      <button type="submit" disabled={busy || waitS > 0}>
        {busy ? t('submitting') : t('submit')}
      </button>
    </form>
  )
}

/** The time, ticking each second while `ticking` (for the 429 countdown). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}
