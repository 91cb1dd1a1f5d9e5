import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useOnline } from '../shell/layout/use-online.js'
import { overallLabel, StatusPanel } from './StatusPanel.js'
import { useHealth } from './use-health.js'
import './status.css'

/** The system's health as one badge in the header; the full report opens under it. */
export function HealthIndicator() {
  const { t } = useTranslation()
  const health = useHealth()
  // Without a network this device cannot know: neither the last answer (up) nor the failed
  // request (down) says anything of the system, and the live pill already says "offline".
  const online = useOnline()
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node))
        setOpen(false)
    }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('pointerdown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])
  const status = !online
    ? null
    : health.kind === 'ok'
      ? health.report.status
      : health.kind === 'unreachable'
        ? 'down'
        : null
  const label = status ? overallLabel(status, t) : t(online ? 'health.loading' : 'health.unknownOffline')
  return (
    <div className="health-indicator" ref={box}>
      <button
        type="button"
        className={`health-button health-${status ?? 'unknown'}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        data-testid="health-indicator"
        title={t('health.systemStatus')}
      >
        <span className="health-dot" aria-hidden="true" />
        <span className="health-label">{label}</span>
      </button>
      {open && (
        <div className="health-popover" role="dialog" aria-label={t('health.systemStatus')}>
          <StatusPanel state={health} t={t} />
        </div>
      )}
    </div>
  )
}
