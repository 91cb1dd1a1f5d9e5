import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { sensorViewSchema } from '@ioc/contracts'
import { formatAgo, formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { adminKey } from '../common/admin-api.js'
import { AdminTable } from '../common/AdminTable.js'
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
          <AdminTable
            query={sensors}
            items={sensors.data}
            empty={t('empty')}
            name={{ header: t('columns.name'), cell: (s) => s.name }}
            columns={[
              { header: t('columns.kind'), cell: (s) => t(`kinds.${s.kind}`) },
              { header: t('columns.district'), cell: (s) => s.district ?? ta('none') },
              {
                header: t('columns.lastSeen'),
                cell: (s) => (s.lastSeen ? formatAgo(locale, s.lastSeen) : t('never')),
                attrs: (s) => ({ title: s.lastSeen ? formatDateTime(locale, s.lastSeen) : undefined }),
              },
              {
                header: t('columns.online'),
                cell: (s) => (s.online ? t('online') : t('offline')),
                attrs: (s) => ({ className: s.online ? 'admin-on' : 'admin-off' }),
              },
            ]}
            picked={picked}
            onPick={setPicked}
          />
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
