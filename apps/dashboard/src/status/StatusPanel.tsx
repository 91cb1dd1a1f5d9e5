import type { Health } from '@ioc/contracts'
import type { Messages } from '../i18n/messages.js'
import type { HealthState } from './use-health.js'

function Badge({ ok, label }: { ok: boolean; label: string }) {
  return <span className={`badge ${ok ? 'badge-ok' : 'badge-bad'}`}>{label}</span>
}

function overallLabel(status: Health['status'], t: Messages): string {
  return status === 'ok' ? t.ok : status === 'degraded' ? t.degraded : t.down
}

export function StatusPanel({ state, t }: { state: HealthState; t: Messages }) {
  if (state.kind === 'loading') return <p role="status">{t.loading}</p>
  const report = state.kind === 'ok' ? state.report : state.last
  return (
    <section aria-labelledby="status-title" className="panel">
      <h2 id="status-title">{t.systemStatus}</h2>
      {state.kind === 'unreachable' && (
        <p role="alert" className="error">
          {t.apiUnreachable} <small>({state.error})</small>
        </p>
      )}
      {report && (
        <dl className="status-list" data-testid="status-list">
          <dt>{t.overall}</dt>
          <dd data-testid="overall">
            <Badge ok={report.status === 'ok'} label={overallLabel(report.status, t)} />
          </dd>
          <dt>{t.database}</dt>
          <dd data-testid="db">
            <Badge ok={report.db.ok} label={report.db.ok ? t.ok : t.down} /> {report.db.dialect ?? '—'}
            {report.db.latencyMs !== null &&
              report.db.latencyMs !== undefined &&
              ` · ${report.db.latencyMs} ms`}
            {report.db.error && <small className="error"> {report.db.error}</small>}
          </dd>
          <dt>{t.broker}</dt>
          <dd data-testid="broker">
            <Badge ok={report.broker.ok} label={report.broker.ok ? t.ok : t.down} /> {report.broker.url}
            {report.broker.error && <small className="error"> {report.broker.error}</small>}
          </dd>
          <dt>{t.pipelines}</dt>
          <dd>
            {Object.keys(report.pipelines).length === 0 ? (
              <span className="muted">{t.noPipelines}</span>
            ) : (
              <ul className="pipelines">
                {Object.entries(report.pipelines).map(([name, p]) => (
                  <li key={name}>
                    <Badge ok={p.ok} label={p.ok ? t.ok : t.down} /> {name}
                    {p.detail && <span className="muted"> · {p.detail}</span>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t.uptime}</dt>
          <dd>{Math.floor(report.uptimeS / 60)} min</dd>
        </dl>
      )}
      {state.kind === 'ok' && (
        <p className="muted">
          {t.lastChecked} {state.checkedAt.toLocaleTimeString()}
        </p>
      )}
    </section>
  )
}
