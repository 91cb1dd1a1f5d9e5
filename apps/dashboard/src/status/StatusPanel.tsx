import type { TFunction } from 'i18next'
import type { Health } from '@ioc/contracts'
import type { HealthState } from './use-health.js'

function Badge({ ok, label }: { ok: boolean; label: string }) {
  return <span className={`badge ${ok ? 'badge-ok' : 'badge-bad'}`}>{label}</span>
}

export function overallLabel(status: Health['status'], t: TFunction): string {
  return status === 'ok' ? t('health.ok') : status === 'degraded' ? t('health.degraded') : t('health.down')
}

/** The whole health report (database, broker, pipelines), shown from the header's status button. */
export function StatusPanel({ state, t }: { state: HealthState; t: TFunction }) {
  if (state.kind === 'loading') return <p role="status">{t('health.loading')}</p>
  const report = state.kind === 'ok' ? state.report : state.last
  return (
    <section aria-labelledby="status-title" className="panel">
      <h2 id="status-title">{t('health.systemStatus')}</h2>
      {state.kind === 'unreachable' && (
        <p role="alert" className="error">
          {t('health.apiUnreachable')} <small>({state.error})</small>
        </p>
      )}
      {report && (
        <dl className="status-list" data-testid="status-list">
          <dt>{t('health.overall')}</dt>
          <dd data-testid="overall">
            <Badge ok={report.status === 'ok'} label={overallLabel(report.status, t)} />
          </dd>
          <dt>{t('health.database')}</dt>
          <dd data-testid="db">
            <Badge ok={report.db.ok} label={report.db.ok ? t('health.ok') : t('health.down')} />{' '}
            {report.db.dialect ?? '—'}
            {report.db.latencyMs !== null &&
              report.db.latencyMs !== undefined &&
              ` · ${report.db.latencyMs} ms`}
            {report.db.error && <small className="error"> {report.db.error}</small>}
          </dd>
          <dt>{t('health.broker')}</dt>
          <dd data-testid="broker">
            <Badge ok={report.broker.ok} label={report.broker.ok ? t('health.ok') : t('health.down')} />{' '}
            {report.broker.url}
            {report.broker.error && <small className="error"> {report.broker.error}</small>}
          </dd>
          <dt>{t('health.pipelines')}</dt>
          <dd>
            {Object.keys(report.pipelines).length === 0 ? (
              <span className="muted">{t('health.noPipelines')}</span>
            ) : (
              <ul className="pipelines">
                {Object.entries(report.pipelines).map(([name, p]) => (
                  <li key={name}>
                    <Badge ok={p.ok} label={p.ok ? t('health.ok') : t('health.down')} /> {name}
                    {p.detail && <span className="muted"> · {p.detail}</span>}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('health.uptime')}</dt>
          <dd>{t('health.minutes', { count: Math.floor(report.uptimeS / 60) })}</dd>
        </dl>
      )}
      {state.kind === 'ok' && (
        <p className="muted">
          {t('health.lastChecked')} {state.checkedAt.toLocaleTimeString()}
        </p>
      )}
    </section>
  )
}
