import type { KpiView } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { formatPercent } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { ProgressBar } from '../overview/ProgressBar.js'
import { StatusChip } from '../overview/StatusChip.js'
import { kpiNs } from '../i18n.js'
import { rankAreas } from '../logic/behind.js'
import { formatGap, formatKpiValue } from '../logic/kpi-format.js'
import type { KpiStatus } from '../logic/kpi-status.js'
import { formatPeriod } from '../logic/period.js'

// A unit's latest figure against its target is met or below it; a pace is the whole KPI's matter.
const statusOf = { met: 'achieved', behind: 'below', no_target: 'no_target' } as const satisfies Record<
  string,
  KpiStatus | 'below'
>

/** Every unit's latest figure, behind first; a tap shows that unit's history above. */
export function AreaList({
  kpi,
  selected,
  onSelect,
}: {
  kpi: KpiView
  selected: string
  onSelect: (area: string) => void
}) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const rows = rankAreas(kpi)
  if (rows.length === 0) return <p className="kpi-muted">{t('detail.areasNone')}</p>
  return (
    <ol className="kpi-areas" data-testid="kpi-areas">
      {rows.map(({ value: v, gap }) => (
        <li key={`${v.scope}|${v.area}`}>
          <button
            type="button"
            className="kpi-area"
            aria-pressed={v.area === selected}
            data-testid="kpi-area"
            data-area={v.area}
            data-status={v.status}
            onClick={() => onSelect(v.area)}
          >
            <span className="kpi-area__who">
              <span className="kpi-area__name">{v.area}</span>
              <span className="kpi-scope">
                {t(`scope.${v.scope as 'province'}`, { defaultValue: v.scope })}
              </span>
              {v.period && <span className="kpi-muted">{formatPeriod(locale, v.period)}</span>}
            </span>
            <span className="kpi-area__value">{formatKpiValue(locale, v.value, kpi.unit)}</span>
            <StatusChip status={statusOf[v.status]} />
            <span className="kpi-area__bar">
              <ProgressBar
                progress={v.progress}
                status={statusOf[v.status]}
                label={t('progress', { percent: formatPercent(locale, v.progress ?? 0) })}
              />
              {gap !== null && gap > 0 && (
                <span className="kpi-area__gap">{formatGap(t, locale, gap, kpi.unit)}</span>
              )}
            </span>
            {v.source && <span className="kpi-area__source">{v.source}</span>}
          </button>
        </li>
      ))}
    </ol>
  )
}
