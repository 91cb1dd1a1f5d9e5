import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useState } from 'react'
import { decideReload } from './watchdog.js'

const CURSOR_IDLE_MS = 3000
const CHECK_EVERY_MS = 60_000

interface ChromiumMemory {
  usedJSHeapSize: number
  jsHeapSizeLimit: number
}

/**
 * What `?kiosk=1` adds to a screen: full screen (browsers allow it only after a user gesture, so
 * the first touch or key asks for it), no cursor once the mouse rests, and a watchdog that reloads
 * the page before a days-long session degrades. Layout state survives the reload (usePersistentState
 * and the URL).
 */
export function KioskController({ busy = false }: { busy?: boolean }) {
  const { t } = useTranslation()
  const [needsGesture, setNeedsGesture] = useState(() => !document.fullscreenElement)

  useEffect(() => {
    document.documentElement.classList.add('kiosk')
    return () => document.documentElement.classList.remove('kiosk')
  }, [])

  // Full screen: try at once (works when the browser was started in kiosk mode), else on a gesture.
  useEffect(() => {
    const enter = () => {
      if (document.fullscreenElement || !document.documentElement.requestFullscreen)
        return setNeedsGesture(false)
      document.documentElement
        .requestFullscreen({ navigationUI: 'hide' })
        .then(() => setNeedsGesture(false))
        .catch(() => setNeedsGesture(true))
    }
    enter()
    window.addEventListener('pointerdown', enter)
    window.addEventListener('keydown', enter)
    return () => {
      window.removeEventListener('pointerdown', enter)
      window.removeEventListener('keydown', enter)
    }
  }, [])

  // Cursor hidden while the mouse rests; interactions also tell the watchdog the screen is in use.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const root = document.documentElement
    const wake = () => {
      lastInteraction = Date.now()
      root.classList.remove('cursor-hidden')
      clearTimeout(timer)
      timer = setTimeout(() => root.classList.add('cursor-hidden'), CURSOR_IDLE_MS)
    }
    wake()
    window.addEventListener('pointermove', wake)
    window.addEventListener('pointerdown', wake)
    window.addEventListener('keydown', wake)
    return () => {
      clearTimeout(timer)
      root.classList.remove('cursor-hidden')
      window.removeEventListener('pointermove', wake)
      window.removeEventListener('pointerdown', wake)
      window.removeEventListener('keydown', wake)
    }
  }, [])

  useEffect(() => {
    const check = () => {
      const memory = (performance as Performance & { memory?: ChromiumMemory }).memory ?? null
      const decision = decideReload({
        now: Date.now(),
        startedAt: pageStartedAt,
        lastInteraction,
        memory,
        busy,
      })
      if (decision.reload) {
        console.warn(`[kiosk] reloading the page (${decision.reason})`)
        window.location.reload()
      }
    }
    const timer = setInterval(check, CHECK_EVERY_MS)
    return () => clearInterval(timer)
  }, [busy])

  return needsGesture ? (
    <div className="kiosk-hint" role="status" data-testid="kiosk-hint">
      {t('kiosk.fullscreenHint')}
    </div>
  ) : null
}

const pageStartedAt = Date.now()
let lastInteraction = Date.now()
