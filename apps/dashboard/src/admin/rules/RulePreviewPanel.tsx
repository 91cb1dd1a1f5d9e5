import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { textIn, type RulePreviewWindow } from '@ioc/contracts'
import { formatDateTime, formatNumber } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { adminNs } from '../i18n.js'
import { rulesNs } from './i18n.js'
import { previewRule } from './rule-queries.js'

/** The rule as the form holds it, replayed over the last 24 h or 7 days: how often, and when. */
export function RulePreviewPanel({ body }: { body: Record<string, unknown> }) {
  const { t } = useTranslation(rulesNs)
  const { t: ta } = useTranslation(adminNs)
  const { locale } = useLocale()
  const [span, setSpan] = useState<RulePreviewWindow>('24h')
  const preview = useAdminMutation(previewRule, [])
  const result = preview.data
  const n = (v: number) => formatNumber(locale, v)
  const figure = (noun: 'alerts' | 'sources' | 'raises' | 'clears' | 'rows', v: number) =>
    t(`preview.${noun}`, { count: v, n: n(v) })
  const peak = Math.max(1, ...(result?.histogram.map((b) => b.raises) ?? []))

  return (
    <section className="admin-preview" aria-label={t('preview.title')} data-testid="rule-preview">
      <h3>{t('preview.title')}</h3>
      <p className="admin-muted">{t('preview.help')}</p>
      {body.kind === 'offline' && <p className="admin-muted">{t('preview.offlineNote')}</p>}
      <div className="admin-actions">
        <label className="admin-inline">
          {t('preview.window')}
          <select value={span} onChange={(e) => setSpan(e.target.value as RulePreviewWindow)} name="window">
            <option value="24h">{t('preview.w24h')}</option>
            <option value="7d">{t('preview.w7d')}</option>
          </select>
        </label>
        <button
          type="button"
          className="admin-button"
          disabled={preview.isPending}
          onClick={() => preview.mutate({ rule: body, window: span })}
        >
          {preview.isPending ? t('preview.running') : t('preview.run')}
        </button>
      </div>
      {preview.isError && (
        <p role="alert" className="admin-error">
          {ta('error', { message: errorText(preview.error) })}
        </p>
      )}
      {result && (
        <div data-testid="rule-preview-result">
          <p className="admin-preview-summary">
            {result.raises === 0
              ? t('preview.none')
              : t('preview.summary', {
                  alerts: figure('alerts', result.alerts),
                  sources: figure('sources', result.sources),
                  raises: figure('raises', result.raises),
                  clears: figure('clears', result.clears),
                  rows: figure('rows', result.rowsReplayed),
                })}
          </p>
          {result.truncated && (
            <p className="admin-muted">{t('preview.truncated', { rows: n(result.rowsReplayed) })}</p>
          )}
          <p className="admin-muted">
            {result.window === '24h' ? t('preview.perHour') : t('preview.perDay')}
          </p>
          <div className="admin-histogram" aria-hidden="true">
            {result.histogram.map((b) => (
              <span
                key={b.start}
                title={`${formatDateTime(locale, b.start)}: ${b.raises}`}
                style={{ height: `${Math.round((b.raises / peak) * 100)}%` }}
              />
            ))}
          </div>
          {result.firings.length > 0 && (
            <>
              <h4>{t('preview.when')}</h4>
              <ol className="admin-firings">
                {result.firings.map((f, i) => (
                  <li key={`${f.at}-${f.sourceId}-${i}`}>
                    <span className="admin-audit-when">{formatDateTime(locale, f.at)}</span> {f.sourceName} —{' '}
                    {textIn(f.description, locale)}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  )
}
