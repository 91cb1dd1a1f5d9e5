import type { AlertChanged } from '@ioc/contracts'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveEvent } from '../use-live-event.js'

/** Each alert change as it is pushed (created, acknowledged, cleared...), e.g. for the pop-up and its sound. */
export function useAlertChanges(onChange: (change: AlertChanged) => void): void {
  useLiveEvent('alert:changed', onChange, useTopicRoom('alerts'))
}
