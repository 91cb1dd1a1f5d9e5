import { useState } from 'react'
import type { Health } from '@ioc/contracts'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveEvent } from '../use-live-event.js'

/** The latest health report pushed by the api (null until one arrives; the header also polls). */
export function useHealthEvents(): Health | null {
  const [health, setHealth] = useState<Health | null>(null)
  useLiveEvent('health', setHealth, useTopicRoom('health'))
  return health
}
