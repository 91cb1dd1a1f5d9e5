import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useConnectionState } from '../socket/hooks/use-connection-state.js'
import { useOnline } from './use-online.js'

/** A first connection slower than this shows the banner too (the api may be down at start). */
const SLOW_CONNECT_MS = 3000

/** The live feed's state across the top of every screen whenever it is not live. */
export function ConnectionBanner() {
  const { t } = useTranslation()
  const state = useConnectionState()
  const online = useOnline()
  const slow = useAfter(state.kind === 'connecting' ? state.since + SLOW_CONNECT_MS : null)
  let text: string | null = null
  let tone = 'warn'
  if (!online) text = t('connection.offline')
  else if (state.kind === 'reconnecting')
    text = t('connection.reconnecting', { attempt: Math.max(1, state.attempt) })
  else if (state.kind === 'connecting' && slow) text = t('connection.connecting')
  else if (state.kind === 'resyncing' && state.since > 0) {
    text = t('connection.resyncing')
    tone = 'info'
  }
  if (!text) return null
  return (
    <div
      className={`connection-banner connection-${tone}`}
      role="status"
      data-testid="connection-banner"
      data-state={state.kind}
    >
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </div>
  )
}

/** True once the clock passes `at` (null: never). */
function useAfter(at: number | null): boolean {
  const [passed, setPassed] = useState(false)
  useEffect(() => {
    setPassed(at !== null && Date.now() >= at)
    if (at === null) return
    const timer = setTimeout(() => setPassed(true), Math.max(0, at - Date.now()))
    return () => clearTimeout(timer)
  }, [at])
  return passed
}
