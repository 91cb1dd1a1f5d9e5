import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { sensorViewSchema } from '@ioc/contracts'
import { formatAgo, formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { adminKey } from '../common/admin-api.js'
import { adminNs } from '../i18n.js'
import { sensorsNs } from './i18n.js'
import { SensorDetail } from './SensorDetail.js'
import { SensorForm } from './SensorForm.js'

const listSchema = sensorViewSchema.array()

/** `/admin/sensors`: every device with its last report and link state; register one beside. */
export function SensorsPage() {
  const { t } = useTranslation(sensorsNs)
  const { t: ta } = useTranslation(adminNs)
  const { locale } = useLocale()
  const api = useApi()
  const sensors = useQuery({
    queryKey: [adminKey, 'sensors'],
    queryFn: ({ signal }) => api.get('/api/sensors', listSchema, { signal }),
    refetchInterval: 15_000,
  })
  const [picked, setPicked] = useState<string | null>(null)
  const sensor = sensors.data?.find((s) => s.id === picked)

  return (
    <div className="admin-section" data-testid="admin-sensors">
      <header className="admin-section-head">
        <h2>{t('heading')}</h2>
        <p className="admin-muted">{t('intro')}</p>
      </header>
      <div className="admin-split">
        <div className="admin-list">
          {sensors.isPending && <p role="status">{ta('loading')}</p>}
          {sensors.isError && <p role="alert">{ta('failed', { reason: sensors.error.message })}</p>}
          {sensors.data?.length === 0 && <p>{t('empty')}</p>}
          {sensors.data && sensors.data.length > 0 && (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>{t('columns.name')}</th>
                  <th>{t('columns.kind')}</th>
                  <th>{t('columns.district')}</th>
                  <th>{t('columns.lastSeen')}</th>
                  <th>{t('columns.online')}</th>
                </tr>
              </thead>
              <tbody>
                {sensors.data.map((s) => (
                  <tr
                    key={s.id}
                    className={s.id === picked ? 'admin-row-picked' : undefined}
                    onClick={() => setPicked(s.id)}
                  >
                    <td>
                      <button type="button" className="admin-link" onClick={() => setPicked(s.id)}>
                        {s.name}
                      </button>
                    </td>
                    <td>{t(`kinds.${s.kind}`)}</td>
                    <td>{s.district ?? ta('none')}</td>
                    <td title={s.lastSeen ? formatDateTime(locale, s.lastSeen) : undefined}>
                      {s.lastSeen ? formatAgo(locale, s.lastSeen) : t('never')}
                    </td>
                    <td className={s.online ? 'admin-on' : 'admin-off'}>
                      {s.online ? t('online') : t('offline')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <aside className="admin-side">
          {sensor ? (
            <SensorDetail key={sensor.id} sensor={sensor} />
          ) : (
            <p className="admin-muted">{t('pick')}</p>
          )}
          <SensorForm onSaved={setPicked} />
        </aside>
      </div>
    </div>
  )
}
