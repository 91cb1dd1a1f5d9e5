import { useEffect, useState } from 'react'
import { rooms, type DetectionFrame } from '@ioc/contracts'
import { useSession } from '../../shell/session/use-session.js'
import { useLiveBatch } from '../../shell/socket/use-live-event.js'
import { snapshotUrl } from '../../wall/video/stream-url.js'

/** The picture is fetched again this often (cameras send a snapshot about every 3 s). */
const PICTURE_MS = 3_000
/** Boxes older than this are no longer what the camera sees. */
const BOXES_MS = 2_000

/** The camera's latest snapshot URL (a new one every few seconds) and its current detections. */
export function useLivePicture(cameraId: string): { src: string | null; frame: DetectionFrame | null } {
  const { state } = useSession()
  const token = state.kind === 'active' ? state.session.accessToken : null
  const [tick, setTick] = useState(0)
  const [frame, setFrame] = useState<DetectionFrame | null>(null)
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), PICTURE_MS)
    return () => clearInterval(timer)
  }, [])
  useLiveBatch(
    'detections:frame',
    (frames) => {
      const latest = frames.filter((f) => f.cameraId === cameraId).at(-1)
      if (latest) setFrame(latest)
    },
    [rooms.camera(cameraId)],
  )
  useEffect(() => {
    if (!frame) return
    const timer = setTimeout(() => setFrame(null), BOXES_MS)
    return () => clearTimeout(timer)
  }, [frame])
  return { src: token ? snapshotUrl(window.location.origin, cameraId, token, tick) : null, frame }
}
