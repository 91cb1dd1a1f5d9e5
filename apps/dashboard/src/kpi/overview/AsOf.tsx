import type { KpiValueView } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { kpiNs } from '../i18n.js'
import { formatPeriod } from '../logic/period.js'

/** When and where a figure is from: its period (plans report per period) or its instant. */
export function AsOf({ value }: { value: KpiValueView }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  return (
    <span className="kpi-asof">
      {value.period
        ? t('asOf', { period: formatPeriod(locale, value.period), area: value.area })
        : t('asOfTs', {
            time: formatDateTime(locale, value.ts, { day: '2-digit', month: '2-digit', year: 'numeric' }),
            area: value.area,
          })}
    </span>
  )
}
