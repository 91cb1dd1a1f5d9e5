import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useServices } from '../../shell/services.js'
import { consoleNs } from '../i18n.js'

/**
 * The console starts with the latest 1,000 alerts (and every change since); older ones come a
 * page at a time from GET /api/alerts?beforeSeq, into the store the wall shares.
 */
export function LoadOlder() {
  const { t } = useTranslation(consoleNs)
  const { live } = useServices()
  const [done, setDone] = useState(false)
  const older = useMutation({
    mutationFn: () => live.loadOlderAlerts(),
    onSuccess: (page) => setDone(page.done),
  })
  if (done) return <p className="console-older console-muted">{t('older.none')}</p>
  return (
    <p className="console-older">
      <button
        type="button"
        className="console-button"
        onClick={() => older.mutate()}
        disabled={older.isPending}
        data-testid="console-load-older"
      >
        {older.isPending ? t('older.loading') : t('older.load')}
      </button>
      {older.isError && <span className="console-error"> {t('older.failed')}</span>}
    </p>
  )
}
