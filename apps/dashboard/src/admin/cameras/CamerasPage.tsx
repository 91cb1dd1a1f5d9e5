import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../shell/services.js'
import { AdminTable } from '../common/AdminTable.js'
import { adminNs } from '../i18n.js'
import { adminCamerasQuery } from './camera-queries.js'
import { CameraForm } from './CameraForm.js'
import { camerasNs } from './i18n.js'

/** `/admin/cameras`: every camera with its state; one picked (or a new one) beside the list. */
export function CamerasPage() {
  const { t } = useTranslation(camerasNs)
  const { t: ta } = useTranslation(adminNs)
  const api = useApi()
  const cameras = useQuery(adminCamerasQuery(api))
  const [picked, setPicked] = useState<string | 'new' | null>(null)
  const camera = cameras.data?.find((c) => c.id === picked)

  return (
    <div className="admin-section" data-testid="admin-cameras">
      <header className="admin-section-head">
        <h2>{t('heading')}</h2>
        <p className="admin-muted">{t('intro')}</p>
        <button type="button" className="admin-button admin-primary" onClick={() => setPicked('new')}>
          {t('add')}
        </button>
      </header>
      <div className="admin-split">
        <div className="admin-list">
          <AdminTable
            query={cameras}
            items={cameras.data}
            empty={t('empty')}
            name={{ header: t('columns.name'), cell: (c) => c.name }}
            columns={[
              { header: t('columns.kind'), cell: (c) => t(`kinds.${c.kind}`) },
              { header: t('columns.district'), cell: (c) => c.district },
              {
                header: t('columns.state'),
                cell: (c) => (c.enabled ? t(`states.${c.status?.state ?? 'unknown'}`) : ta('disabled')),
                attrs: (c) => ({
                  className: `admin-state admin-state-${c.enabled ? (c.status?.state ?? 'unknown') : 'off'}`,
                  'data-testid': `camera-state-${c.id}`,
                }),
              },
            ]}
            picked={picked}
            onPick={setPicked}
          />
        </div>
        <aside className="admin-side admin-side-wide">
          {picked === 'new' && <CameraForm key="new" onSaved={(id) => setPicked(id)} />}
          {camera && <CameraForm key={camera.id} camera={camera} onSaved={(id) => setPicked(id)} />}
          {picked === null && <p className="admin-muted">{t('pick')}</p>}
        </aside>
      </div>
    </div>
  )
}
