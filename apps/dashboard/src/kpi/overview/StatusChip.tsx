import { useTranslation } from 'react-i18next'
import { kpiNs } from '../i18n.js'
import type { KpiStatus } from '../logic/kpi-status.js'

/** The status in words and colour (never colour alone: tablets are read in the sun). */
export function StatusChip({ status }: { status: KpiStatus | 'below' }) {
  const { t } = useTranslation(kpiNs)
  return (
    <span className={`kpi-status kpi-status--${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  )
}
