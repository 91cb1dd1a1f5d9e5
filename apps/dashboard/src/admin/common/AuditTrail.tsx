import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { configAuditListSchema, type ConfigAuditEntry } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { adminKey } from './admin-api.js'
import { adminNs } from '../i18n.js'

/** `path` is the item's, e.g. /api/cameras/cam-1: its trail is at `${path}/audit`. */
export function AuditTrail({ path, kind }: { path: string; kind: string }) {
  const { t } = useTranslation(adminNs)
  const { locale } = useLocale()
  const api = useApi()
  const trail = useQuery({
    queryKey: [adminKey, kind, 'audit', path],
    queryFn: ({ signal }) => api.get(`${path}/audit`, configAuditListSchema, { signal }),
  })
  return (
    <section className="admin-audit" aria-label={t('audit.title')} data-testid="audit-trail">
      <h3>{t('audit.title')}</h3>
      {trail.isPending && <p className="admin-muted">{t('loading')}</p>}
      {trail.isError && <p role="alert">{t('failed', { reason: trail.error.message })}</p>}
      {trail.data?.items.length === 0 && <p className="admin-muted">{t('audit.empty')}</p>}
      <ol>
        {trail.data?.items.map((e) => (
          <li key={e.id}>
            <span className="admin-audit-when">{formatDateTime(locale, e.at)}</span>{' '}
            <strong>{e.actor}</strong> {t(`audit.actions.${e.action}`)}
            {e.from.ip && <span className="admin-muted"> {t('audit.from', { ip: e.from.ip })}</span>}
            <Detail entry={e} />
          </li>
        ))}
      </ol>
    </section>
  )
}

function Detail({ entry }: { entry: ConfigAuditEntry }) {
  const fields = Object.entries(entry.detail)
  if (fields.length === 0 || entry.action === 'created') return null
  return (
    <span className="admin-audit-detail">
      {fields
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v).slice(0, 80) : String(v)}`)
        .join(' · ')}
    </span>
  )
}
