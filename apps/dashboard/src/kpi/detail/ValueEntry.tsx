import { errorDetailSchema, kpiValuesStoredSchema, rolesThat, type KpiView } from '@ioc/contracts'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../shell/api/api-error.js'
import { useApi } from '../../shell/services.js'
import { useSession } from '../../shell/session/use-session.js'
import { kpiNs } from '../i18n.js'

type Sent = { kind: 'form'; body: Record<string, unknown> } | { kind: 'csv'; name: string; text: string }

/**
 * For the roles that report KPI figures (rolesThat.reportKpiValues: admins and the command room):
 * one value by hand, or a CSV file (period,ts,value,scope,area,source). The api checks every line
 * and imports nothing of a file with a bad one: its per-line errors are listed here. What is stored
 * reaches every screen by the `kpi:value` push.
 */
export function ValueEntry({ kpi }: { kpi: KpiView }) {
  const { t } = useTranslation(kpiNs)
  const api = useApi()
  const { user } = useSession()
  const [period, setPeriod] = useState(String(new Date().getFullYear()))
  const [value, setValue] = useState('')
  const [scope, setScope] = useState<string>(kpi.scope)
  const [area, setArea] = useState(user?.district ?? '')
  const [source, setSource] = useState('')
  const send = useMutation({
    mutationFn: (s: Sent) =>
      s.kind === 'form'
        ? api.post(`/api/kpis/${encodeURIComponent(kpi.id)}/values`, s.body, kpiValuesStoredSchema)
        : api.request('POST', `/api/kpis/${encodeURIComponent(kpi.id)}/values`, kpiValuesStoredSchema, {
            text: { content: s.text, type: 'text/csv' },
          }),
  })
  if (!user || !(rolesThat.reportKpiValues as readonly string[]).includes(user.role)) return null

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const n = Number(value.replace(',', '.'))
    send.mutate({
      kind: 'form',
      body: {
        period,
        value: value.trim() === '' ? value : n,
        scope,
        area,
        ...(source.trim() ? { source: source.trim() } : {}),
      },
    })
  }
  const upload = async (file: File | undefined) => {
    if (file) send.mutate({ kind: 'csv', name: file.name, text: await file.text() })
  }
  const err = send.error
  const lines =
    err instanceof ApiError
      ? errorDetailSchema
          .array()
          .catch([])
          .parse(err.body.details ?? [])
      : []

  return (
    <section className="kpi-section kpi-entry" data-testid="kpi-entry" aria-labelledby="kpi-entry-title">
      <h2 id="kpi-entry-title">{t('entry.title')}</h2>
      <form className="kpi-entry__form" onSubmit={submit}>
        <label>
          {t('entry.period')}
          <input
            name="period"
            value={period}
            placeholder="2025, 2025-Q1, 2025-06"
            onChange={(e) => setPeriod(e.target.value)}
            required
          />
        </label>
        <label>
          {t('entry.value')}
          <input
            name="value"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </label>
        <label>
          {t('entry.scope')}
          <select name="scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            {(['province', 'district', 'commune'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`scope.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('entry.area')}
          <input name="area" value={area} onChange={(e) => setArea(e.target.value)} required />
        </label>
        <label className="kpi-entry__wide">
          {t('entry.source')}
          <input name="source" value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        <button type="submit" className="kpi-button" disabled={send.isPending} data-testid="kpi-entry-submit">
          {t('entry.submit')}
        </button>
        <label className="kpi-button kpi-entry__file">
          {t('entry.csv')}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="kpi-entry-csv"
            onChange={(e) => {
              void upload(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </label>
      </form>
      <p className="kpi-muted">{t('entry.csvHelp')}</p>
      <div role="status" aria-live="polite" data-testid="kpi-entry-result">
        {send.isSuccess && <p className="kpi-entry__ok">{t('entry.stored', { count: send.data.stored })}</p>}
        {err && (
          <div className="kpi-error" role="alert">
            <p>
              {send.variables?.kind === 'csv'
                ? t('entry.csvRefused', { name: send.variables.name, count: lines.length })
                : t('entry.refused', { reason: err.message })}
            </p>
            {lines.length > 0 && (
              <ul data-testid="kpi-entry-errors">
                {lines.map((l, i) => (
                  <li key={i}>
                    <strong>{l.path}</strong>: {l.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  )
}
