import type { KpiDirection } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../../i18n/use-locale.js'
import { kpiNs } from '../i18n.js'
import { formatKpiValue } from '../logic/kpi-format.js'
import { formatPeriod } from '../logic/period.js'

/** "Mục tiêu ≥ 90% (2030)": the direction is part of the target. */
export function TargetLine({
  direction,
  unit,
  target,
}: {
  direction: KpiDirection
  unit: string
  target: { period: string; value: number } | null
}) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  if (!target) return <span className="kpi-target kpi-muted">{t('noTargetSet')}</span>
  return (
    <span className="kpi-target">
      {t(direction === 'at_least' ? 'atLeast' : 'atMost', {
        value: formatKpiValue(locale, target.value, unit),
        period: formatPeriod(locale, target.period),
      })}
    </span>
  )
}
