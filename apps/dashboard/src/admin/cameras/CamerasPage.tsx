import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../shell/services.js'
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
          {cameras.isPending && <p role="status">{ta('loading')}</p>}
          {cameras.isError && <p role="alert">{ta('failed', { reason: cameras.error.message })}</p>}
          {cameras.data?.length === 0 && <p>{t('empty')}</p>}
          {cameras.data && cameras.data.length > 0 && (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>{t('columns.name')}</th>
                  <th>{t('columns.kind')}</th>
                  <th>{t('columns.district')}</th>
                  <th>{t('columns.state')}</th>
                </tr>
              </thead>
              <tbody>
                {cameras.data.map((c) => {
                  const state = c.enabled ? (c.status?.state ?? 'unknown') : null
                  return (
                    <tr
                      key={c.id}
                      className={c.id === picked ? 'admin-row-picked' : undefined}
                      onClick={() => setPicked(c.id)}
                    >
                      <td>
                        <button type="button" className="admin-link" onClick={() => setPicked(c.id)}>
                          {c.name}
                        </button>
                      </td>
                      <td>{t(`kinds.${c.kind}`)}</td>
                      <td>{c.district}</td>
                      <td
                        className={`admin-state admin-state-${state ?? 'off'}`}
                        data-testid={`camera-state-${c.id}`}
                      >
                        {state ? t(`states.${state}`) : ta('disabled')}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
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
