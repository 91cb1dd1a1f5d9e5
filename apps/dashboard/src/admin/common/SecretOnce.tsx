import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { adminNs } from '../i18n.js'

/** A password the server (or this page) made up: shown once, copied, then gone for good. */
export function SecretOnce({
  label,
  secret,
  onClose,
}: {
  label: string
  secret: string
  onClose: () => void
}) {
  const { t } = useTranslation(adminNs)
  const [copied, setCopied] = useState(false)
  return (
    <div className="admin-secret" role="dialog" aria-label={t('secretOnce.title')} data-testid="secret-once">
      <h3>{t('secretOnce.title')}</h3>
      <p>{t('secretOnce.body')}</p>
      <p>
        {label}: <code data-testid="secret-value">{secret}</code>
      </p>
      <div className="admin-actions">
        <button
          type="button"
          className="admin-button"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
        >
          {copied ? t('secretOnce.copied') : t('secretOnce.copy')}
        </button>
        <button type="button" className="admin-button admin-primary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </div>
  )
}
