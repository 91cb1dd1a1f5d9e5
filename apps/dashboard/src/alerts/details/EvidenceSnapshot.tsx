import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useServices } from '../../shell/services.js'
import { consoleNs } from '../i18n.js'

type Evidence = { kind: 'loading' } | { kind: 'none' } | { kind: 'image'; url: string }

/**
 * The JPEG the api kept when the rule raised (or last repeated) the alert, boxes drawn:
 * GET /api/alerts/{id}/snapshot.jpg with the session's token, shown from a blob so the token
 * never sits in an img URL. No evidence (404, or an api without the route) says so.
 */
export function EvidenceSnapshot({ alertId, version }: { alertId: string; version: number }) {
  const { t } = useTranslation(consoleNs)
  const { session } = useServices()
  const [evidence, setEvidence] = useState<Evidence>({ kind: 'loading' })
  useEffect(() => {
    const abort = new AbortController()
    let url: string | null = null
    setEvidence({ kind: 'loading' })
    void (async () => {
      try {
        const token = await session.token()
        const res = await fetch(`/api/alerts/${encodeURIComponent(alertId)}/snapshot.jpg`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
          signal: abort.signal,
        })
        if (!res.ok || !res.headers.get('content-type')?.startsWith('image/'))
          return setEvidence({ kind: 'none' })
        url = URL.createObjectURL(await res.blob())
        setEvidence({ kind: 'image', url })
      } catch {
        if (!abort.signal.aborted) setEvidence({ kind: 'none' })
      }
    })()
    return () => {
      abort.abort()
      if (url) URL.revokeObjectURL(url)
    }
  }, [alertId, version, session])
  if (evidence.kind === 'image')
    return (
      <img
        className="console-evidence"
        src={evidence.url}
        alt={t('details.evidence')}
        data-testid="alert-evidence"
      />
    )
  if (evidence.kind === 'none')
    return (
      <p className="console-muted" data-testid="alert-no-evidence">
        {t('details.noEvidence')}
      </p>
    )
  return null
}
