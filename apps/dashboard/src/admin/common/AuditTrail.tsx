import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { configAuditListSchema, type ConfigAuditEntry } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { adminKey } from './admin-api.js'
import { auditLines, type AuditDescriber } from './audit-detail.js'
import { adminNs } from '../i18n.js'

/**
 * `path` is the item's, e.g. /api/cameras/cam-1: its trail is at `${path}/audit`. `describe`
 * words the fields a screen knows better than `key: value` (a camera's zones and lines).
 */
export function AuditTrail({
  path,
  kind,
  describe,
}: {
  path: string
  kind: string
  describe?: AuditDescriber
}) {
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
            <Detail entry={e} describe={describe} none={t('none')} />
          </li>
        ))}
      </ol>
    </section>
  )
}

function Detail({
  entry,
  describe,
  none,
}: {
  entry: ConfigAuditEntry
  describe?: AuditDescriber
  none: string
}) {
  if (entry.action === 'created') return null
  return auditLines(entry.detail, none, describe).map((line) => (
    <span className="admin-audit-detail" key={line.label}>
      {line.label}: {line.text}
    </span>
  ))
}
