import { useEffect, useRef } from 'react'
import type { Room, ServerEventName, ServerEventPayload } from '@ioc/contracts'
import { useServices } from '../services.js'
import type { LiveClient } from './live-client.js'

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
  useLiveListener(event, handler, rooms, (live, deliver) => live.on(event, deliver))
}

/** Like useLiveEvent for high-rate events: the payloads arrive together, once an animation frame. */
export function useLiveBatch<E extends ServerEventName>(
  event: E,
  handler: (payloads: ServerEventPayload<E>[]) => void,
  rooms: readonly Room[],
): void {
  useLiveListener(event, handler, rooms, (live, deliver) => live.onBatch(event, deliver))
}

/** Listens while mounted and holds the rooms meanwhile; `listen` is read once per (event, rooms). */
function useLiveListener<T>(
  event: ServerEventName,
  handler: (value: T) => void,
  rooms: readonly Room[],
  listen: (live: LiveClient, deliver: (value: T) => void) => () => void,
): void {
  const { live } = useServices()
  const latest = useRef(handler)
  latest.current = handler
  const key = rooms.join('\n')
  useEffect(() => {
    const off = listen(live, (value) => latest.current(value))
    const release = live.acquireRooms(key === '' ? [] : (key.split('\n') as Room[]))
    return () => {
      off()
      release()
    }
    // `listen` is a new closure each render, but it only ever differs by `event`
  }, [live, event, key])
}
