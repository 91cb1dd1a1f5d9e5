import { useTranslation } from 'react-i18next'
import type { CameraTestBodyInput } from '@ioc/contracts'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { adminNs } from '../i18n.js'
import { testConnection } from './camera-queries.js'
import { camerasNs } from './i18n.js'

/** "Test connection" before saving: the camera's picture, or why it could not be had. */
export function ConnectionTest({ body }: { body: () => CameraTestBodyInput }) {
  const { t } = useTranslation(camerasNs)
  const { t: ta } = useTranslation(adminNs)
  const test = useAdminMutation(testConnection, [])
  const result = test.data
  return (
    <div className="admin-test" data-testid="connection-test">
      <button
        type="button"
        className="admin-button"
        disabled={test.isPending}
        onClick={() => test.mutate(body())}
      >
        {test.isPending ? t('test.running') : t('test.run')}
      </button>
      {test.isError && (
        <p role="alert" className="admin-error">
          {ta('error', { message: errorText(test.error) })}
        </p>
      )}
      {result?.ok === false && (
        <p role="alert" className="admin-error" data-testid="connection-failed" data-reason={result.reason}>
          <strong>{t(`test.reasons.${result.reason}`)}</strong>
          <span className="admin-muted"> — {result.message}</span>
        </p>
      )}
      {result?.ok === true && (
        <figure className="admin-test-ok" data-testid="connection-ok">
          <img src={`data:image/jpeg;base64,${result.jpeg}`} alt={t('test.snapshotAlt')} />
          <figcaption>
            {t('test.ok', { transport: result.transport.toUpperCase(), ms: result.elapsedMs })}
          </figcaption>
        </figure>
      )}
    </div>
  )
}
