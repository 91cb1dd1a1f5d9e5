import { useMutation, useQuery } from '@tanstack/react-query'
import type { KpiView } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { formatPercent } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { kpiValuesQuery } from '../state/kpi-queries.js'
import { kpiNs } from '../i18n.js'
import { areaHistory } from '../logic/area-history.js'
import { formatKpiValue, unitLabel } from '../logic/kpi-format.js'
import { kpiStatus } from '../logic/kpi-status.js'
import { shownTarget } from '../logic/plan-target.js'
import { AsOf } from '../overview/AsOf.js'
import { ProgressBar } from '../overview/ProgressBar.js'
import { StatusChip } from '../overview/StatusChip.js'
import { TargetLine } from '../overview/TargetLine.js'
import { AreaList } from './AreaList.js'
import { downloadText } from './download.js'
import { HistoryChart } from './HistoryChart.js'
import { ValueEntry } from './ValueEntry.js'

/** One KPI: its history against the target, every unit's figure, the sources, a CSV of the values. */
export function KpiDetail({ kpi, now }: { kpi: KpiView; now: Date }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const api = useApi()
  const [search, setSearch] = useSearchParams()
  const values = useQuery(kpiValuesQuery(api, kpi.id))
  // the api's file (GET .../values?format=csv): every value it holds, in the upload's columns
  const exportCsv = useMutation({
    mutationFn: () =>
      api.getFile(`/api/kpis/${encodeURIComponent(kpi.id)}/values`, { query: { format: 'csv' } }),
    onSuccess: (file) => downloadText(`${kpi.id}.csv`, file, 'text/csv;charset=utf-8'),
  })
  const history = values.data ?? []
  const { latest } = kpi
  const status = kpiStatus(kpi.direction, latest, history, now)
  // the unit whose history is drawn: the one tapped (kept in the URL for the back button), else the latest's
  const area = search.get('area') ?? latest?.area ?? ''
  const scope = kpi.byArea.find((v) => v.area === area)?.scope ?? latest?.scope ?? kpi.scope
  const targets = kpi.targets.filter((x) => x.scope === scope)
  return (
    <article className="kpi-detail" data-testid="kpi-detail" data-kpi={kpi.id}>
      <Link to="/kpi" className="kpi-back">
        ← {t('detail.back')}
      </Link>
      <header className="kpi-detail__head">
        <h1>{kpi.name[locale]}</h1>
        <StatusChip status={status} />
      </header>
      <div className="kpi-detail__summary">
        <span className="kpi-card__value">
          {latest ? formatKpiValue(locale, latest.value, kpi.unit) : '—'}
        </span>
        <span className="kpi-detail__facts">
          <TargetLine direction={kpi.direction} unit={kpi.unit} target={shownTarget(kpi, now)} />
          {latest && <AsOf value={latest} />}
          {kpi.unit !== '%' && <span className="kpi-muted">{unitLabel(locale, kpi.unit)}</span>}
        </span>
      </div>
      {latest?.progress != null && (
        <ProgressBar
          progress={latest.progress}
          status={status}
          label={t('progress', { percent: formatPercent(locale, latest.progress) })}
        />
      )}

      <section className="kpi-section">
        <h2>
          {t('detail.history')}
          {area && ` · ${area}`}
        </h2>
        {values.isPending ? (
          <p className="kpi-muted">{t('loading')}</p>
        ) : values.isError && !values.data ? (
          <p className="kpi-error" role="alert">
            {t('failed', { reason: values.error.message })}
          </p>
        ) : (
          <HistoryChart values={areaHistory(history, area, scope)} targets={targets} unit={kpi.unit} />
        )}
        <button
          type="button"
          className="kpi-button"
          data-testid="kpi-export"
          disabled={history.length === 0 || exportCsv.isPending}
          onClick={() => exportCsv.mutate()}
        >
          {t('detail.exportCsv')}
        </button>
        {exportCsv.isError && (
          <p className="kpi-error" role="alert" data-testid="kpi-export-failed">
            {t('detail.exportFailed')}
          </p>
        )}
      </section>

      <section className="kpi-section">
        <h2>{t('detail.areas')}</h2>
        <AreaList kpi={kpi} selected={area} onSelect={(a) => setSearch({ area: a }, { replace: true })} />
      </section>

      <section className="kpi-section">
        <h2>{t('detail.source')}</h2>
        <p className="kpi-source">{kpi.source}</p>
        {latest?.source && (
          <p className="kpi-source">
            {t('detail.valueSource')}: {latest.source}
          </p>
        )}
      </section>
      <ValueEntry kpi={kpi} />
    </article>
  )
}
