import { useMutation, useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { alertReportSchema, type AlertReportGroupBy, type AlertReportRow } from '@ioc/contracts'
import { formatDateTime, formatNumber } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { downloadText } from '../../kpi/detail/download.js'
import { ShellHeader } from '../../shell/layout/ShellHeader.js'
import { useServices } from '../../shell/services.js'
import { consoleNs } from '../i18n.js'
import { useAlertLabels } from '../use-alert-labels.js'
import { durationText } from './duration.js'
import '../alerts.css'

const periods = { day: 1, week: 7, month: 30 } as const
type Period = keyof typeof periods
const groupings: readonly AlertReportGroupBy[] = ['domain', 'district', 'shift']

/**
 * What the shifts did: alerts first seen in a period by domain, district or shift, how many were
 * acknowledged and resolved by a person, and the mean times to both (GET /api/alerts/report).
 * Supervisors read it at the handover; the CSV is the api's own.
 */
export function ReportPage() {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const labels = useAlertLabels()
  const { api } = useServices()
  const [period, setPeriod] = useState<Period>('week')
  const [groupBy, setGroupBy] = useState<AlertReportGroupBy>('domain')
  // the period ends at the current minute, so that a re-render does not ask for a new report
  const range = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000)
    return { from: new Date(to.getTime() - periods[period] * 86_400_000).toISOString(), to: to.toISOString() }
  }, [period])
  const query = { ...range, groupBy }
  const report = useQuery({
    queryKey: ['alerts', 'report', query],
    queryFn: ({ signal }) => api.get('/api/alerts/report', alertReportSchema, { query, signal }),
  })
  const csv = useMutation({
    mutationFn: () => api.getText('/api/alerts/report', { query: { ...query, format: 'csv' } }),
    onSuccess: (text) => downloadText(`bao-cao-canh-bao-${groupBy}.csv`, text, 'text/csv'),
  })
  const keyLabel = (key: string | null) =>
    groupBy === 'domain'
      ? labels.facet('category', key ?? '')
      : groupBy === 'district'
        ? labels.facet('district', key ?? '')
        : t(`report.shifts.${key}`)
  const num = (n: number) => formatNumber(locale, n)
  const row = (key: string, name: string, r: Omit<AlertReportRow, 'key'>, total = false) => (
    <tr key={key} className={total ? 'console-report__total' : undefined}>
      <th scope="row">{name}</th>
      <td>{num(r.total)}</td>
      <td>{num(r.acknowledged)}</td>
      <td>{num(r.resolved)}</td>
      <td>{durationText(locale, r.meanTimeToAcknowledgeSeconds) ?? t('report.none')}</td>
      <td>{durationText(locale, r.meanTimeToResolveSeconds) ?? t('report.none')}</td>
    </tr>
  )
  return (
    <div className="console console-report" data-testid="alert-report">
      <ShellHeader title={t('report.title')} />
      <div className="console-report__body">
        <h1 className="console-report__title">{t('report.title')}</h1>
        <div className="console-toolbar">
          <label className="console-toolbar__field">
            {t('report.period')}{' '}
            <select
              className="console-select"
              value={period}
              onChange={(e) => setPeriod(e.target.value as Period)}
              data-testid="report-period"
            >
              {Object.keys(periods).map((p) => (
                <option key={p} value={p}>
                  {t(`report.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="console-toolbar__field">
            {t('report.groupBy')}{' '}
            <select
              className="console-select"
              value={groupBy}
              onChange={(e) => setGroupBy(e.target.value as AlertReportGroupBy)}
              data-testid="report-group"
            >
              {groupings.map((g) => (
                <option key={g} value={g}>
                  {t(`report.groupings.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="console-button"
            onClick={() => csv.mutate()}
            disabled={csv.isPending}
            data-testid="report-csv"
          >
            {t('report.csv')}
          </button>
          {csv.isError && <span className="console-error">{t('report.failed')}</span>}
        </div>
        <p className="console-muted">
          {t('report.range', {
            from: formatDateTime(locale, range.from),
            to: formatDateTime(locale, range.to),
          })}
        </p>
        {report.isPending ? (
          <p className="console-state">{t('report.loading')}</p>
        ) : report.isError ? (
          <p className="console-state console-state--error">{t('report.failed')}</p>
        ) : report.data.rows.length === 0 ? (
          <p className="console-state" data-testid="report-empty">
            {t('report.empty')}
          </p>
        ) : (
          <table className="console-report__table" data-testid="report-table">
            <thead>
              <tr>
                <th scope="col">{t(`report.groupings.${groupBy}`)}</th>
                <th scope="col">{t('report.total')}</th>
                <th scope="col">{t('report.acknowledged')}</th>
                <th scope="col">{t('report.resolved')}</th>
                <th scope="col" title={t('report.mttaHint')}>
                  {t('report.mtta')}
                </th>
                <th scope="col" title={t('report.mttrHint')}>
                  {t('report.mttr')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.data.rows.map((r) => row(r.key ?? '', keyLabel(r.key), r))}
              {row('__all', t('report.overall'), report.data.overall, true)}
            </tbody>
          </table>
        )}
      </div>
    </div>
  )
}
