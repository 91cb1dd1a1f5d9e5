import { useEffect, useRef } from 'react'
import type { Room, ServerEventName, ServerEventPayload } from '@ioc/contracts'
import { useServices } from '../services.js'

/**
 * The building block of the topic hooks: `handler` gets each valid payload of `event` while the
 * component is mounted, and `rooms` are joined meanwhile (counted with the other users). The latest
 * handler is always called, so callers may pass an inline function.
 */
export function useLiveEvent<E extends ServerEventName>(
  event: E,
  handler: (payload: ServerEventPayload<E>) => void,
  rooms: readonly Room[],
): void {
  const { live } = useServices()
  const latest = useRef(handler)
  latest.current = handler
  const key = rooms.join('\n')
  useEffect(() => {
    const off = live.on(event, (payload) => latest.current(payload))
    const release = live.acquireRooms(key === '' ? [] : (key.split('\n') as Room[]))
    return () => {
      off()
      release()
    }
  }, [live, event, key])
}

/** Like useLiveEvent for high-rate events: the payloads arrive together, once an animation frame. */
export function useLiveBatch<E extends ServerEventName>(
  event: E,
  handler: (payloads: ServerEventPayload<E>[]) => void,
  rooms: readonly Room[],
): void {
  const { live } = useServices()
  const latest = useRef(handler)
  latest.current = handler
  const key = rooms.join('\n')
  useEffect(() => {
    const off = live.onBatch(event, (payloads) => latest.current(payloads))
    const release = live.acquireRooms(key === '' ? [] : (key.split('\n') as Room[]))
    return () => {
      off()
      release()
    }
  }, [live, event, key])
}
