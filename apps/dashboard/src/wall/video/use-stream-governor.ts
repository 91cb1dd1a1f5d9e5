// The stream governor for one tile: streams only while the tile is on screen and the page is
// visible, backs off after a failure, and rebuilds the player when its lifetime is up. The rules
// themselves are the pure functions of governor.ts.
import { useCallback, useEffect, useState, type RefObject } from 'react'
import { decideStream, playerLifetimeMs, type StreamDecision } from './governor.js'

export interface Governed {
  decision: StreamDecision
  /** Changes when the player must be rebuilt. */
  generation: number
  /** The last failure's reason while it has not played since. */
  failure: { reason: string; attempts: number; at: number } | null
  onPlaying(): void
  onFailure(reason: string): void
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden')
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden')
    document.addEventListener('visibilitychange', update)
    return () => document.removeEventListener('visibilitychange', update)
  }, [])
  return visible
}

function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(true)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) setOnScreen(entry.isIntersecting)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return onScreen
}

export function useStreamGovernor(
  ref: RefObject<Element | null>,
  options: { cameraOffline: boolean; index: number; count: number },
): Governed {
  const pageVisible = usePageVisible()
  const onScreen = useOnScreen(ref)
  const [failure, setFailure] = useState<Governed['failure']>(null)
  const [generation, setGeneration] = useState(0)
  const [now, setNow] = useState(() => Date.now())
  const decision = decideStream({ onScreen, pageVisible, cameraOffline: options.cameraOffline, failure }, now)

  // wake up when a backoff ends
  const retryAt = decision.kind === 'backoff' ? decision.retryAt : null
  useEffect(() => {
    if (retryAt === null) return
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, retryAt - Date.now()))
    return () => clearTimeout(timer)
  }, [retryAt])

  // recycle: a streaming player lives its lifetime, then is rebuilt
  const streaming = decision.kind === 'stream'
  useEffect(() => {
    if (!streaming) return
    const timer = setTimeout(
      () => setGeneration((g) => g + 1),
      playerLifetimeMs(options.index, options.count),
    )
    return () => clearTimeout(timer)
  }, [streaming, generation, options.index, options.count])

  const onPlaying = useCallback(() => setFailure(null), [])
  const onFailure = useCallback((reason: string) => {
    const at = Date.now()
    setNow(at)
    setFailure((f) => ({ reason, attempts: (f?.attempts ?? 0) + 1, at }))
  }, [])
  // a failed player is disposed during the backoff (no url), so a retry is always a new player
  return { decision, generation, failure, onPlaying, onFailure }
}
