import { shiftOf, type AlertReport, type AlertReportGroupBy, type AlertReportRow } from '@ioc/contracts'
import type { AlertReportCell } from '@ioc/db'
import { csvField } from '../../common/csv.js'

type Sums = Omit<AlertReportCell, 'category' | 'district' | 'utcHour'>

const keyOf = (cell: AlertReportCell, groupBy: AlertReportGroupBy): string | null =>
  groupBy === 'domain'
    ? cell.category
    : groupBy === 'district'
      ? cell.district
      : // the shift of any moment of that UTC hour: shifts start on whole local hours
        shiftOf(new Date(Date.UTC(2000, 0, 1, cell.utcHour)))

function figures(s: Sums): Omit<AlertReportRow, 'key'> {
  return {
    total: s.total,
    acknowledged: s.acknowledged,
    resolved: s.resolved,
    meanTimeToAcknowledgeSeconds: s.acknowledged === 0 ? null : s.ackSeconds / s.acknowledged,
    meanTimeToResolveSeconds: s.resolved === 0 ? null : s.resolveSeconds / s.resolved,
  }
}

const add = (into: Sums, c: Sums) => {
  into.total += c.total
  into.acknowledged += c.acknowledged
  into.resolved += c.resolved
  into.ackSeconds += c.ackSeconds
  into.resolveSeconds += c.resolveSeconds
}
const zero = (): Sums => ({ total: 0, acknowledged: 0, resolved: 0, ackSeconds: 0, resolveSeconds: 0 })

/** MTTA and MTTR per group from the database's cells; rows by key, province-wide (null) last. */
export function reportOf(
  cells: readonly AlertReportCell[],
  query: { from: string; to: string; groupBy: AlertReportGroupBy },
): AlertReport {
  const groups = new Map<string | null, Sums>()
  const overall = zero()
  for (const cell of cells) {
    const key = keyOf(cell, query.groupBy)
    let sums = groups.get(key)
    if (!sums) groups.set(key, (sums = zero()))
    add(sums, cell)
    add(overall, cell)
  }
  const rows = [...groups]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'vi')))
    .map(([key, sums]) => ({ key, ...figures(sums) }))
  return { from: query.from, to: query.to, groupBy: query.groupBy, rows, overall: figures(overall) }
}

/** The report as CSV: one header line, a row per group, then the overall row (`all`). */
export function reportCsv(report: AlertReport): string {
  const seconds = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10)
  const line = (key: string | null, r: Omit<AlertReportRow, 'key'>) =>
    [
      key,
      r.total,
      r.acknowledged,
      r.resolved,
      seconds(r.meanTimeToAcknowledgeSeconds),
      seconds(r.meanTimeToResolveSeconds),
    ]
      .map(csvField)
      .join(',')
  const header = `${report.groupBy},total,acknowledged,resolved,mtta_seconds,mttr_seconds`
  return (
    [
      header,
      ...report.rows.map((r) => line(r.key ?? (report.groupBy === 'district' ? '(province-wide)' : null), r)),
      line('all', report.overall),
    ].join('\r\n') + '\r\n'
  )
}
