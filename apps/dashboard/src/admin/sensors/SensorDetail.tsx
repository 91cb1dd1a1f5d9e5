import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { deadLetterPageSchema, type SensorView } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { adminKey } from '../common/admin-api.js'
import { AuditTrail } from '../common/AuditTrail.js'
import { adminNs } from '../i18n.js'
import { sensorsNs } from './i18n.js'

/** A device's state, its refused messages of late (with the reason) and its trail. */
export function SensorDetail({ sensor }: { sensor: SensorView }) {
  const { t } = useTranslation(sensorsNs)
  const { t: ta } = useTranslation(adminNs)
  const { locale } = useLocale()
  const api = useApi()
  // dead letters are few and carry their topic: the latest 500 are read and this device's kept
  const letters = useQuery({
    queryKey: [adminKey, 'sensors', 'dead-letters'],
    queryFn: ({ signal }) =>
      api.get('/api/dead-letters', deadLetterPageSchema, { query: { limit: 500 }, signal }),
    refetchInterval: 30_000,
  })
  const mine = letters.data?.items.filter((l) => l.topic.split('/')[3] === sensor.id).slice(0, 20)
  return (
    <section className="admin-detail" aria-label={sensor.name} data-testid="sensor-detail">
      <h3>{sensor.name}</h3>
      <p>
        {sensor.id} · {t(`kinds.${sensor.kind}`)} · {sensor.metrics.join(', ')} ·{' '}
        {sensor.district ?? ta('wholeProvince')}
      </p>
      <p className={sensor.online ? 'admin-on' : 'admin-off'}>
        {sensor.online ? t('online') : t('offline')} ·{' '}
        {sensor.lastSeen ? formatDateTime(locale, sensor.lastSeen) : t('never')}
      </p>
      <h4>{t('deadLetters')}</h4>
      {letters.isError && <p role="alert">{ta('failed', { reason: letters.error.message })}</p>}
      {mine?.length === 0 && <p className="admin-muted">{t('deadLettersNone')}</p>}
      <ol className="admin-firings">
        {mine?.map((l) => (
          <li key={l.id}>
            <span className="admin-audit-when">{formatDateTime(locale, l.receivedAt)}</span>{' '}
            <strong>{l.reason}</strong> {l.detail}
          </li>
        ))}
      </ol>
      <AuditTrail path={`/api/sensors/${encodeURIComponent(sensor.id)}`} kind="sensors" />
    </section>
  )
}
