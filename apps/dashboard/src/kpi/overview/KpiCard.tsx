import { useQuery } from '@tanstack/react-query'
import type { KpiView } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatPercent } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { kpiValuesQuery } from '../state/kpi-queries.js'
import { kpiNs } from '../i18n.js'
import { areaHistory } from '../logic/area-history.js'
import { formatKpiValue } from '../logic/kpi-format.js'
import { kpiStatus } from '../logic/kpi-status.js'
import { shownTarget } from '../logic/plan-target.js'
import { AsOf } from './AsOf.js'
import { ProgressBar } from './ProgressBar.js'
import { Sparkline } from './Sparkline.js'
import { StatusChip } from './StatusChip.js'
import { TargetLine } from './TargetLine.js'

/** One plan KPI: its latest figure against its target, trend, status and as-of; a tap opens it. */
export function KpiCard({ kpi, now }: { kpi: KpiView; now: Date }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const api = useApi()
  const { latest } = kpi
  // only KPIs with figures have a history worth a request (most of the catalog has none yet)
  const history = useQuery({ ...kpiValuesQuery(api, kpi.id), enabled: latest !== null }).data ?? []
  const status = kpiStatus(kpi.direction, latest, history, now)
  const name = kpi.name[locale]
  return (
    <Link
      to={`/kpi/${encodeURIComponent(kpi.id)}`}
      className="kpi-card"
      data-testid="kpi-card"
      data-kpi={kpi.id}
      data-status={status}
      aria-label={t('open', { name })}
    >
      <span className="kpi-card__head">
        <span className="kpi-card__name">{name}</span>
        <StatusChip status={status} />
      </span>
      <span className="kpi-card__figure">
        <span className="kpi-card__value" data-testid="kpi-value">
          {latest ? formatKpiValue(locale, latest.value, kpi.unit) : '—'}
        </span>
        {latest && (
          <Sparkline
            points={areaHistory(history, latest.area, latest.scope)}
            target={latest.target?.value ?? null}
          />
        )}
      </span>
      <TargetLine direction={kpi.direction} unit={kpi.unit} target={shownTarget(kpi, now)} />
      {latest?.progress != null && (
        <>
          <ProgressBar
            progress={latest.progress}
            status={status}
            label={t('progress', { percent: formatPercent(locale, latest.progress) })}
          />
          <span className="kpi-card__progress">
            {t('progress', { percent: formatPercent(locale, latest.progress) })}
          </span>
        </>
      )}
      {latest && <AsOf value={latest} />}
    </Link>
  )
}
