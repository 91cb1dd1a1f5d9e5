// The video wall fed from the shell: cameras over REST (their zones, lines and state at load),
// state changes from `camera:status`, detection frames per tile from its camera's room, and
// cameras that raise an alert enlarged.
import { useCallback, useMemo, useRef, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { cameraViewSchema, type AlertChanged, type DetectionFrame } from '@ioc/contracts'
import { useApi } from '../../shell/services.js'
import { useKiosk } from '../../shell/kiosk/use-kiosk.js'
import { useSession } from '../../shell/session/use-session.js'
import { useAlertChanges } from '../../shell/socket/hooks/use-alert-changes.js'
import { useCameraStatus } from '../../shell/socket/hooks/use-camera-status.js'
import { useDetectionFrames } from '../../shell/socket/hooks/use-detection-frames.js'
import { DetectionTimeline } from './detection-timeline.js'
import { VideoWallView, type WallCamera } from './VideoWallView.js'

const cameraListSchema = cameraViewSchema.array()

/** One tile's detection frames, kept by time for as long as the tile is mounted. */
function useTimeline(cameraId: string): DetectionTimeline {
  const timeline = useRef<DetectionTimeline>(null)
  timeline.current ??= new DetectionTimeline()
  const line = timeline.current
  useDetectionFrames(
    cameraId,
    useCallback((frames: DetectionFrame[]) => frames.forEach((f) => line.push(f)), [line]),
  )
  return line
}

export function VideoWall() {
  const api = useApi()
  const { state } = useSession()
  const kiosk = useKiosk()
  const [params] = useSearchParams()
  const statuses = useCameraStatus()
  const { data } = useQuery({
    queryKey: ['cameras'],
    queryFn: ({ signal }) => api.get('/api/cameras', cameraListSchema, { signal }),
    refetchInterval: 60_000,
  })
  const [alert, setAlert] = useState<{ cameraId: string; key: string } | null>(null)
  useAlertChanges(
    useCallback((change: AlertChanged) => {
      if (change.action === 'created' && change.alert.sourceType === 'camera')
        setAlert({ cameraId: change.alert.sourceId, key: `${change.alert.id}:${change.seq}` })
    }, []),
  )
  const cameras = useMemo<WallCamera[]>(
    () =>
      (data ?? [])
        .filter((c) => c.enabled)
        .map((c) => ({
          id: c.id,
          name: c.name,
          zones: c.zones,
          lines: c.lines,
          state: statuses.get(c.id)?.state ?? c.status?.state ?? null,
        })),
    [data, statuses],
  )
  const token = state.kind === 'active' ? state.session.accessToken : ''
  return (
    <VideoWallView
      cameras={cameras}
      origin={window.location.origin}
      token={token}
      display={params.get('display') ?? 'default'}
      chromeless={kiosk}
      alert={alert}
      useTimeline={useTimeline}
    />
  )
}
