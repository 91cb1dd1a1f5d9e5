import type { KpiTarget, KpiValueView } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { formatDateTime, formatNumber } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { kpiNs } from '../i18n.js'
import { chartDomain } from '../logic/chart-domain.js'
import { formatKpiValue } from '../logic/kpi-format.js'
import { formatPeriod } from '../logic/period.js'

/** One area's history with the plan's targets at that scope drawn across (dashed, labelled). */
export function HistoryChart({
  values,
  targets,
  unit,
}: {
  values: readonly KpiValueView[]
  targets: readonly Pick<KpiTarget, 'period' | 'value'>[]
  unit: string
}) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  if (values.length === 0) return <p className="kpi-muted">{t('detail.noHistory')}</p>
  const axis = chartDomain([...values.map((v) => v.value), ...targets.map((x) => x.value)], unit === '%')
  const data = values.map((v) => ({
    label: v.period
      ? formatPeriod(locale, v.period)
      : formatDateTime(locale, v.ts, { day: '2-digit', month: '2-digit', year: 'numeric' }),
    value: v.value,
  }))
  return (
    <div className="kpi-history" data-testid="kpi-history">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 28, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#22324f" vertical={false} />
          <XAxis dataKey="label" stroke="#c2cee2" tick={{ fontSize: 16 }} />
          <YAxis
            stroke="#c2cee2"
            tick={{ fontSize: 16 }}
            width={64}
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => formatNumber(locale, v, { maximumFractionDigits: 2 })}
          />
          <Tooltip
            formatter={(v) => formatKpiValue(locale, Number(v), unit)}
            contentStyle={{ background: '#14223b', border: '1px solid #34507e', fontSize: 16 }}
          />
          {targets.map((x) => (
            <ReferenceLine
              key={x.period}
              y={x.value}
              stroke="#ffb020"
              strokeDasharray="6 4"
              strokeWidth={2}
              label={{
                value: `${t('detail.target')} ${formatPeriod(locale, x.period)}: ${formatKpiValue(locale, x.value, unit)}`,
                position: 'insideTopLeft',
                fill: '#ffb020',
                fontSize: 16,
              }}
            />
          ))}
          <Line dataKey="value" stroke="#5fb3ff" strokeWidth={3} dot={{ r: 5 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
