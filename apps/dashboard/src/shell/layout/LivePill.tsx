import { useTranslation } from 'react-i18next'
import { useConnectionState } from '../socket/hooks/use-connection-state.js'
import { useOnline } from './use-online.js'

/**
 * The live feed's state in a word or two ("Live" in green, else amber): short enough for a
 * portrait tablet's header; the banner under the header says the rest.
 */
export function LivePill() {
  const { t } = useTranslation()
  const connection = useConnectionState().kind
  // no network at all says more than the socket's attempts to reach the api
  const state = useOnline() ? connection : 'offline'
  const live = state === 'live'
  return (
    <span className={`live-pill ${live ? 'live-on' : 'live-off'}`} data-testid="live-pill" data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      {t(`connection.pill.${state}`)}
    </span>
  )
}
