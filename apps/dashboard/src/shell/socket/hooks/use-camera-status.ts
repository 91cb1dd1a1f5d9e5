import { useState } from 'react'
import type { CameraStatus } from '@ioc/contracts'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveBatch } from '../use-live-event.js'

/**
 * The latest pushed status of each camera, by camera id (empty until a camera reports a change;
 * the camera list over REST carries the state at load time).
 */
export function useCameraStatus(): ReadonlyMap<string, CameraStatus> {
  const [byCamera, setByCamera] = useState<ReadonlyMap<string, CameraStatus>>(() => new Map())
  useLiveBatch(
    'camera:status',
    (statuses) =>
      setByCamera((prev) => {
        const next = new Map(prev)
        for (const s of statuses) next.set(s.cameraId, s)
        return next
      }),
    useTopicRoom('cameras'),
  )
  return byCamera
}
