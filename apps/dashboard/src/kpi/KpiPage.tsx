import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import { useApi } from '../shell/services.js'
import { useCatchUp } from './state/use-catch-up.js'
import { useNow } from './state/use-now.js'
import { kpiCatalogQuery } from './state/kpi-queries.js'
import { useKpiPersistence } from './state/use-kpi-persistence.js'
import { useLiveKpiValues } from './state/use-live-kpi-values.js'
import { KpiDetail } from './detail/KpiDetail.js'
import { FreshnessBar } from './FreshnessBar.js'
import { kpiNs } from './i18n.js'
import { KpiOverview } from './overview/KpiOverview.js'
import './kpi.css'

/**
 * `/kpi` and `/kpi/:kpiId`: the leaders' tablet screen. The catalog query feeds both the overview
 * and a KPI's detail, so a detail opened offline still has its figures.
 */
export function KpiPage() {
  const { t } = useTranslation(kpiNs)
  const { kpiId } = useParams()
  const api = useApi()
  useKpiPersistence()
  useLiveKpiValues()
  useCatchUp()
  const now = useNow(60_000)
  const catalog = useQuery(kpiCatalogQuery(api))
  const kpis = catalog.data
  const kpi = kpiId ? kpis?.find((k) => k.id === kpiId) : undefined

  let body
  if (!kpis) {
    body = catalog.isError ? (
      <div className="kpi-state" role="alert" data-testid="kpi-failed">
        <p>{t('failed', { reason: catalog.error.message })}</p>
        <button type="button" className="kpi-button" onClick={() => void catalog.refetch()}>
          {t('retry')}
        </button>
      </div>
    ) : (
      <p className="kpi-state" role="status" data-testid="kpi-loading">
        {t('loading')}
      </p>
    )
  } else if (kpiId) {
    body = kpi ? (
      <KpiDetail kpi={kpi} now={now} />
    ) : (
      <p className="kpi-state" data-testid="kpi-not-found">
        {t('detail.notFound', { id: kpiId })}
      </p>
    )
  } else if (kpis.length === 0) {
    body = (
      <p className="kpi-state" data-testid="kpi-empty">
        {t('empty')}
      </p>
    )
  } else {
    body = <KpiOverview kpis={kpis} now={now} />
  }

  return (
    <div className="shell-frame kpi-screen">
      <ShellHeader />
      <FreshnessBar asOf={catalog.dataUpdatedAt} />
      <main className="kpi-page" data-testid="kpi-page">
        {body}
      </main>
    </div>
  )
}
