import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { alertClipWindow, type Alert } from '@ioc/contracts'
import { formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useSession } from '../../shell/session/use-session.js'
import { useNow } from '../../wall/alerts/AlertTicker.js'
import { recordingClipUrl } from '../../cameras/recording-urls.js'
import { consoleNs } from '../i18n.js'

/** The ingest closes a segment a few seconds after its end: the clip's last seconds are on disk by then. */
const SEGMENT_LAG_MS = 6000

/**
 * The camera's recording around the alert: from `alertClipWindow.beforeS` before it was first
 * seen to `afterS` after, cut by the api (GET /api/cameras/{id}/clip.mp4, range requests, so the
 * player seeks). Until its end is recorded it says when it will play.
 */
export function AlertClip({ alert }: { alert: Alert }) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const { state } = useSession()
  const now = useNow(2000)
  const [failedFor, setFailedFor] = useState<string | null>(null)
  const raised = Date.parse(alert.firstSeen)
  const from = new Date(raised - alertClipWindow.beforeS * 1000)
  const to = new Date(raised + alertClipWindow.afterS * 1000)
  const readyAt = new Date(to.getTime() + SEGMENT_LAG_MS)
  const token = state.kind === 'active' ? state.session.accessToken : ''
  const src = recordingClipUrl(window.location.origin, alert.sourceId, from, to, token)
  let body
  if (now < readyAt)
    body = (
      <p className="console-muted" data-testid="alert-clip-pending">
        {t('details.clipPending', { time: formatTime(locale, readyAt) })}
      </p>
    )
  else if (failedFor === src)
    body = (
      <p className="console-muted" data-testid="alert-no-clip">
        {t('details.noClip')}
      </p>
    )
  else
    body = (
      <video
        key={src}
        className="console-clip"
        src={src}
        controls
        muted
        playsInline
        preload="metadata"
        onError={() => setFailedFor(src)}
        data-testid="alert-clip"
      />
    )
  return (
    <>
      <h4 className="console-subtitle">
        {t('details.clip', { before: alertClipWindow.beforeS, after: alertClipWindow.afterS })}
      </h4>
      {body}
    </>
  )
}
