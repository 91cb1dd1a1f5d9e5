import type { KpiView } from '@ioc/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatPercent } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { kpiNs } from '../i18n.js'
import { behindTargets } from '../logic/behind.js'
import { formatGap, formatKpiValue } from '../logic/kpi-format.js'
import { ProgressBar } from './ProgressBar.js'

const SHOWN = 8

/** Units below their target across the plans, those a leader can act on (districts) first. */
export function BehindList({ kpis }: { kpis: readonly KpiView[] }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const rows = useMemo(() => behindTargets(kpis), [kpis])
  const byId = useMemo(() => new Map(kpis.map((k) => [k.id, k])), [kpis])
  if (rows.length === 0) return <p className="kpi-muted">{t('behindNone')}</p>
  return (
    <>
      <ol className="kpi-behind" data-testid="kpi-behind">
        {rows.slice(0, SHOWN).map((row) => {
          const kpi = byId.get(row.kpiId)!
          const v = row.value
          return (
            <li key={`${row.kpiId}|${v.scope}|${v.area}`}>
              <Link
                to={`/kpi/${encodeURIComponent(row.kpiId)}?area=${encodeURIComponent(v.area)}`}
                className="kpi-behind__row"
                data-testid="kpi-behind-row"
                data-area={v.area}
              >
                <span className="kpi-behind__who">
                  <span className="kpi-behind__area">{v.area}</span>
                  <span className="kpi-scope">
                    {t(`scope.${v.scope as 'province'}`, { defaultValue: v.scope })}
                  </span>
                </span>
                <span className="kpi-behind__kpi">{kpi.name[locale]}</span>
                <span className="kpi-behind__figures">
                  <span className="kpi-behind__value">{formatKpiValue(locale, v.value, kpi.unit)}</span>
                  {row.gap !== null && (
                    <span className="kpi-behind__gap">{formatGap(t, locale, row.gap, kpi.unit)}</span>
                  )}
                </span>
                <ProgressBar
                  progress={v.progress}
                  status="behind"
                  label={t('progress', { percent: formatPercent(locale, v.progress ?? 0) })}
                />
              </Link>
            </li>
          )
        })}
      </ol>
      {rows.length > SHOWN && <p className="kpi-muted">{t('behindMore', { count: rows.length - SHOWN })}</p>}
    </>
  )
}
