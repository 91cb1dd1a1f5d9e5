import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useRouteError } from 'react-router'

const KIOSK_RELOAD_MS = 30_000

/**
 * A screen that failed (often a code chunk that is gone after the api was redeployed). A kiosk
 * reloads by itself after a while; others get a button.
 */
export function RouteError() {
  const { t } = useTranslation()
  const error = useRouteError()
  const kiosk = new URLSearchParams(window.location.search).get('kiosk') === '1'
  useEffect(() => {
    console.error('[shell] route failed', error)
    if (!kiosk) return
    const timer = setTimeout(() => window.location.reload(), KIOSK_RELOAD_MS)
    return () => clearTimeout(timer)
  }, [error, kiosk])
  return (
    <main className="shell-page" role="alert">
      <h1>{t('error.title')}</h1>
      <p className="shell-muted">{error instanceof Error ? error.message : String(error)}</p>
      <button type="button" className="shell-button" onClick={() => window.location.reload()}>
        {t('error.reload')}
      </button>
    </main>
  )
}
