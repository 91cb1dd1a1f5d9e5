import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAlertLabels } from '../../alerts/use-alert-labels.js'
import { useApi } from '../../shell/services.js'
import { AdminTable } from '../common/AdminTable.js'
import { adminNs } from '../i18n.js'
import { rulesNs } from './i18n.js'
import { RuleForm } from './RuleForm.js'
import { rulesQuery } from './rule-queries.js'

/** `/admin/rules`: every rule, one picked (or a new one) in the form beside the list. */
export function RulesPage() {
  const { t } = useTranslation(rulesNs)
  const { t: ta } = useTranslation(adminNs)
  const labels = useAlertLabels()
  const api = useApi()
  const rules = useQuery(rulesQuery(api))
  const [picked, setPicked] = useState<string | 'new' | null>(null)
  const rule = rules.data?.items.find((r) => r.id === picked)

  return (
    <div className="admin-section" data-testid="admin-rules">
      <header className="admin-section-head">
        <h2>{t('heading')}</h2>
        <p className="admin-muted">{t('intro')}</p>
        <button type="button" className="admin-button admin-primary" onClick={() => setPicked('new')}>
          {t('add')}
        </button>
      </header>
      <div className="admin-split">
        <div className="admin-list">
          {rules.data?.invalid.map((r) => (
            <p key={r.id} className="admin-error">
              {t('invalid', { id: r.id, message: r.message })}
            </p>
          ))}
          <AdminTable
            query={rules}
            items={rules.data?.items}
            empty={t('empty')}
            name={{ header: t('columns.name'), cell: (r) => r.name }}
            columns={[
              { header: t('columns.kind'), cell: (r) => t(`kinds.${r.kind}`) },
              { header: t('columns.severity'), cell: (r) => labels.facet('severity', r.severity) },
              {
                header: t('columns.state'),
                cell: (r) => (r.enabled ? ta('enabled') : ta('disabled')),
                attrs: (r) => ({ className: r.enabled ? 'admin-on' : 'admin-off' }),
              },
            ]}
            picked={picked}
            onPick={setPicked}
          />
        </div>
        <aside className="admin-side">
          {picked === 'new' && <RuleForm key="new" onSaved={(id) => setPicked(id)} />}
          {rule && <RuleForm key={rule.id} rule={rule} onSaved={(id) => setPicked(id)} />}
          {picked === null && <p className="admin-muted">{t('pick')}</p>}
        </aside>
      </div>
    </div>
  )
}
