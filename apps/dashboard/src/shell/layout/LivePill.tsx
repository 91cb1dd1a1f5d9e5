import { useTranslation } from 'react-i18next'
import { useConnectionState } from '../socket/hooks/use-connection-state.js'

/** "Live" in green while the socket is live; the banner explains any other state. */
export function LivePill() {
  const { t } = useTranslation()
  const state = useConnectionState()
  const live = state.kind === 'live'
  return (
    <span
      className={`live-pill ${live ? 'live-on' : 'live-off'}`}
      data-testid="live-pill"
      data-state={state.kind}
    >
      <span className="live-dot" aria-hidden="true" />
      {live ? t('connection.live') : '…'}
    </span>
  )
}
