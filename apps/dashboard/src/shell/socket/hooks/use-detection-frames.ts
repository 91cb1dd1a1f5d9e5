import { rooms, type DetectionFrame } from '@ioc/contracts'
import { useLiveBatch } from '../use-live-event.js'

/**
 * The detection frames of one camera (its boxes with the frame's `ts`), handed over once an
 * animation frame, oldest first. Joins `camera:<id>` while mounted; null joins nothing. A player
 * that draws boxes in step with the video keeps these by `ts` and picks the one matching the frame
 * it shows.
 */
export function useDetectionFrames(
  cameraId: string | null,
  onFrames: (frames: DetectionFrame[]) => void,
): void {
  useLiveBatch(
    'detections:frame',
    (frames) => {
      const mine = frames.filter((f) => f.cameraId === cameraId)
      if (mine.length > 0) onFrames(mine)
    },
    cameraId ? [rooms.camera(cameraId)] : [],
  )
}
