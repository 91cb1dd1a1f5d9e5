import type { Observation } from '@ioc/contracts'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveBatch } from '../use-live-event.js'

/**
 * Sensor observations, handed over at most once an animation frame (all `readings:batch` events
 * since the last frame, flattened). Keep them in a ref or a store and render from there: setting
 * React state with each call is fine, it happens once a frame.
 */
export function useReadingsBatch(onObservations: (observations: Observation[]) => void): void {
  useLiveBatch(
    'readings:batch',
    (batches) => onObservations(batches.flatMap((b) => b.observations)),
    useTopicRoom('readings'),
  )
}
