import { useQuery } from '@tanstack/react-query'
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
import { ruleSchema, sensorReadingsSchema, type Alert, type Rule } from '@ioc/contracts'
import { formatNumber, formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { consoleNs } from '../i18n.js'

const AROUND_MS = 30 * 60_000

/** The metric and threshold a rule watches (threshold and rate rules watch a metric; only thresholds draw a line). */
export function ruleMetric(rule: Rule | undefined): { metric: string; threshold: number | null } | null {
  if (!rule) return null
  if (rule.kind === 'threshold') return { metric: rule.params.metric, threshold: rule.params.value }
  if (rule.kind === 'rate_of_change') return { metric: rule.params.metric, threshold: null }
  return null
}

/** From half an hour before the alert to half an hour after its end (or now). */
export function readingsWindow(alert: Pick<Alert, 'firstSeen' | 'lastSeen' | 'clearedAt'>, now: number) {
  const from = Date.parse(alert.firstSeen) - AROUND_MS
  const to = Math.min(now, Date.parse(alert.clearedAt ?? alert.lastSeen) + AROUND_MS)
  return { from: new Date(from).toISOString(), to: new Date(Math.max(to, from + 60_000)).toISOString() }
}

/** The value axis holds the readings and the threshold, with a margin so neither sits on an edge. */
export function valueDomain(values: readonly number[], threshold: number | null): [number, number] {
  const all = threshold === null ? values : [...values, threshold]
  const lo = Math.min(...all)
  const hi = Math.max(...all)
  const pad = Math.max((hi - lo) * 0.12, 1)
  // counts and levels that cannot go below zero do not get a negative axis
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad]
}

/** A sensor alert's readings around the moment, with the rule's threshold and the raise drawn. */
export function SensorChart({ alert }: { alert: Alert }) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const api = useApi()
  const rule = useQuery({
    queryKey: ['rules', alert.ruleId],
    queryFn: ({ signal }) =>
      api.get(`/api/rules/${encodeURIComponent(alert.ruleId)}`, ruleSchema, { signal }),
    staleTime: 5 * 60_000,
  })
  const watched = ruleMetric(rule.data)
  const span = readingsWindow(alert, Date.now())
  const readings = useQuery({
    queryKey: ['sensors', alert.sourceId, 'readings', watched?.metric, span.from, alert.seq],
    queryFn: ({ signal }) =>
      api.get(`/api/sensors/${encodeURIComponent(alert.sourceId)}/readings`, sensorReadingsSchema, {
        query: { from: span.from, to: span.to, bucket: '1m', metric: watched?.metric },
        signal,
      }),
    enabled: rule.isFetched,
  })
  const series = watched
    ? readings.data?.series[watched.metric]
    : Object.values(readings.data?.series ?? {})[0]
  const points = (series ?? []).map((p) => ({ t: Date.parse(p.bucket), avg: p.avg, max: p.max }))
  const raisedAt = Date.parse(alert.firstSeen)
  const threshold = watched?.threshold ?? null
  return (
    <div className="console-source" data-testid="sensor-source">
      <h4 className="console-subtitle">
        {t('details.readings')}
        {watched && ` · ${watched.metric}`}
      </h4>
      {readings.isPending ? (
        <p className="console-muted">{t('details.readingsLoading')}</p>
      ) : points.length === 0 ? (
        <p className="console-muted">{t('details.readingsNone')}</p>
      ) : (
        <div className="console-chart" data-testid="sensor-chart" data-threshold={watched?.threshold ?? ''}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#22324f" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                // the raise is drawn even when it falls after the last full minute of readings
                domain={[(min: number) => Math.min(min, raisedAt), (max: number) => Math.max(max, raisedAt)]}
                tickFormatter={(v: number) => formatTime(locale, new Date(v)).slice(0, 5)}
                stroke="#93a3bf"
                fontSize={12}
              />
              <YAxis
                stroke="#93a3bf"
                fontSize={12}
                width={52}
                domain={valueDomain(
                  points.map((p) => p.avg),
                  threshold,
                )}
                // "50 N" rather than "50.000": the axis stays narrow whatever the metric's scale
                tickFormatter={(v: number) =>
                  formatNumber(locale, v, { notation: 'compact', maximumFractionDigits: 1 })
                }
              />
              <Tooltip
                labelFormatter={(v) => formatTime(locale, new Date(Number(v)))}
                formatter={(v) => formatNumber(locale, Number(v), { maximumFractionDigits: 1 })}
                contentStyle={{ background: '#0f1a2e', border: '1px solid #34507e' }}
              />
              {threshold !== null && (
                <ReferenceLine
                  y={threshold}
                  stroke="#ff5a5a"
                  strokeDasharray="6 4"
                  label={{
                    value: t('details.threshold', { value: formatNumber(locale, threshold) }),
                    fill: '#ff9b9b',
                    fontSize: 12,
                    position: 'insideTopLeft',
                  }}
                />
              )}
              <ReferenceLine
                x={raisedAt}
                stroke="#ffb020"
                label={{
                  value: t('details.raisedAt'),
                  fill: '#ffb020',
                  fontSize: 12,
                  position: 'insideTopRight',
                }}
              />
              <Line
                type="monotone"
                dataKey="avg"
                stroke="#5fb3ff"
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  )
}
