import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { useSession } from '../../shell/session/use-session.js'
import { useCameraStatus } from '../../shell/socket/hooks/use-camera-status.js'
import type { AlertSources } from '../../wall/alerts/use-alert-sources.js'
import { LoneCameraTile } from '../../wall/video/CameraTile.js'
import { consoleNs } from '../i18n.js'
import { AlertClip } from './AlertClip.js'
import { EvidenceSnapshot } from './EvidenceSnapshot.js'

/** A camera alert's evidence: the snapshot taken when it was raised, and the camera live (the wall's tile). */
export function CameraSource({ alert, sources }: { alert: Alert; sources: AlertSources }) {
  const { t } = useTranslation(consoleNs)
  const { state } = useSession()
  const statuses = useCameraStatus()
  const camera = sources.cameras.get(alert.sourceId)
  const token = state.kind === 'active' ? state.session.accessToken : ''
  return (
    <div className="console-source" data-testid="camera-source">
      <h4 className="console-subtitle">{t('details.evidence')}</h4>
      <EvidenceSnapshot alertId={alert.id} version={alert.count} />
      {/* the recording is the camera's video: shown only to those who watch the camera */}
      {camera ? <AlertClip alert={alert} /> : null}
      <h4 className="console-subtitle">{t('details.live')}</h4>
      {camera ? (
        <div className="console-source__video">
          <LoneCameraTile
            key={camera.id}
            camera={camera}
            state={statuses.get(camera.id)?.state ?? camera.status?.state ?? null}
            token={token}
            large={false}
            showZones
          />
        </div>
      ) : (
        // the cameras list holds only the kinds this role watches (traffic staff: traffic cameras)
        <p className="console-muted">{t('details.cameraHidden')}</p>
      )}
    </div>
  )
}
