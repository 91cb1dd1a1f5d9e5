// The readable table: one row a figure, one column a target.
import { round } from './stats.js'
import type { TargetFigures } from './ingest.bench.js'

// oneReadingMessagesPerS: issue 17, most sensors send one reading a message, so the cost that
// counts is per message (MQTT packet, PUBACK, decode), not per row
export const goals = { ratio: 0.8, postgresReadingsPerS: 30_000, oneReadingMessagesPerS: 25_000 }

const int = (v: number | null | undefined) =>
  v == null || !Number.isFinite(v) ? 'n/a' : Math.round(v).toLocaleString('en-US')
const ms = (v: number | null | undefined) =>
  v == null || !Number.isFinite(v) ? 'n/a' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`

function verdict(value: number | null, goal: number, fmt: (v: number) => string): string {
  if (value === null || !Number.isFinite(value)) return `n/a (goal >= ${fmt(goal)})`
  if (value >= goal) return `met (goal >= ${fmt(goal)})`
  return `MISSED by ${Math.round((1 - value / goal) * 100)}% (goal >= ${fmt(goal)})`
}

/** Cores busy during the saturated phase outside the bench's own processes. */
function coresElsewhere(t: TargetFigures): number {
  const { machine, ...known } = t.stages.coresByProcess
  return (machine ?? 0) - Object.values(known).reduce<number>((a, b) => a + (b ?? 0), 0)
}

/**
 * A warning for each target measured while other work held a share of the cores: the pipeline
 * and its limit are measured one after the other, so load that comes and goes skews the ratio.
 */
export function busyMachineNotes(targets: Record<string, TargetFigures | { error: string }>): string[] {
  const notes: string[] = []
  for (const [name, t] of Object.entries(targets)) {
    if ('error' in t) continue
    const elsewhere = coresElsewhere(t)
    if (elsewhere > 0.25)
      notes.push(
        `${name}: ${elsewhere.toFixed(2)} of ${t.cores} cores were busy elsewhere during the pipeline run; ` +
          'rerun on a quiet machine for figures that compare',
      )
  }
  return notes
}

export function table(targets: Record<string, TargetFigures | { error: string }>): string {
  const names = Object.keys(targets)
  const rows: [string, ...string[]][] = []
  const row = (label: string, cell: (t: TargetFigures) => string) =>
    rows.push([label, ...names.map((n) => ('error' in targets[n]! ? '' : cell(targets[n] as TargetFigures)))])
  rows.push(['', ...names])
  row('database', (t) => t.database)
  row('broker', (t) => t.broker)
  row('pipeline readings/s', (t) => int(t.readingsPerS))
  row(
    'pipeline messages/s',
    (t) =>
      `${int(t.messagesPerS)} (${round(t.messagesPerS / goals.oneReadingMessagesPerS, 2)} of ${int(goals.oneReadingMessagesPerS)})`,
  )
  row('  latency p50 / p99 / max', (t) => `${ms(t.p50Ms)} / ${ms(t.p99Ms)} / ${ms(t.maxMs)}`)
  row('paced at 50%: readings/s', (t) => int(t.paced.readingsPerS))
  row('  latency p50 / p99', (t) => `${ms(t.paced.p50Ms)} / ${ms(t.paced.p99Ms)}`)
  row('limit: bare COPY readings/s', (t) =>
    t.copyReadingsPerS === null ? 'n/a (see note)' : int(t.copyReadingsPerS),
  )
  row(
    '  limit before / after pipeline',
    (t) => `${int(t.limitRuns[0])} / ${int(t.limitRuns[1])} (faster kept)`,
  )
  row('repository insertBatch readings/s', (t) => int(t.insertReadingsPerS))
  row('ratio = pipeline / limit', (t) => `${round(t.ratio, 2)} (to ${t.limit})`)
  row('goal: ratio', (t) => verdict(t.ratio, goals.ratio, (v) => String(v)))
  row('goal: readings/s (PostgreSQL)', (t) =>
    t.target === 'postgres' ? verdict(t.readingsPerS, goals.postgresReadingsPerS, int) : '-',
  )
  row('goal: messages/s (one reading each)', (t) =>
    t.target === 'postgres' && t.readingsPerMessage === 1
      ? verdict(t.messagesPerS, goals.oneReadingMessagesPerS, int)
      : '-',
  )
  row('stored / dropped / dead letters', (t) => `${int(t.stored)} / ${t.dropped} / ${t.deadLetters}`)
  row('writer busy (insert + markSeen)', (t) => `${Math.round(t.stages.writerBusyShare * 100)}%`)
  row(
    '  insert / markSeen per batch',
    (t) =>
      `${ms(t.stages.insertMsPerBatch)} / ${ms(t.stages.markSeenMsPerBatch)} (${t.stages.insertBatches} batches)`,
  )
  row('unacknowledged messages, most', (t) => int(t.stages.maxUnacked))
  row('validate + buffer per message', (t) => `${round(t.stages.handleUsPerMessage)} µs`)
  row('ingest event loop busy', (t) => `${Math.round(t.stages.ingestEventLoopUtilization * 100)}%`)
  row('CPU cores: ingest/pub/broker/db', (t) => {
    const c = t.stages.coresByProcess
    const f = (v: number | null | undefined) => (v == null ? '?' : v.toFixed(2))
    return `${f(c.ingest)} / ${f(c.publishers)} / ${f(c.broker)} / ${f(c.database)}`
  })
  row('CPU µs per message: ingest/pub/broker/db', (t) => {
    const c = t.stages.cpuUsByProcess
    const f = (v: number | null | undefined) => (v == null ? '?' : v.toFixed(1))
    return `${f(c.ingest)} / ${f(c.publishers)} / ${f(c.broker)} / ${f(c.database)}`
  })
  row('CPU cores: whole machine', (t) => {
    const { machine } = t.stages.coresByProcess
    return `${machine?.toFixed(2) ?? '?'} of ${t.cores} (${coresElsewhere(t).toFixed(2)} elsewhere: kernel, other processes)`
  })
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  )
  for (const [n, t] of Object.entries(targets)) if ('error' in t) lines.push(`${n}: FAILED: ${t.error}`)
  return lines.join('\n')
}
