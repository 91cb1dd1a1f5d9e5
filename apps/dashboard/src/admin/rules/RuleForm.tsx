import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  alertCategorySchema,
  alertSeveritySchema,
  alertSubCategorySchema,
  ruleKindSchema,
  type Rule,
} from '@ioc/contracts'
import { useAlertLabels } from '../../alerts/use-alert-labels.js'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { AuditTrail } from '../common/AuditTrail.js'
import { Field } from '../common/Field.js'
import { adminNs } from '../i18n.js'
import { rulesNs } from './i18n.js'
import { createBody, draftOf, emptyDraft, patchBody, type RuleDraft } from './rule-draft.js'
import { createRule, deleteRule, patchRule, rulePath } from './rule-queries.js'
import { RuleParams } from './RuleParams.js'
import { RulePreviewPanel } from './RulePreviewPanel.js'

/** Create (rule undefined) or edit a rule: every field explained, a preview, the trail. */
export function RuleForm({ rule, onSaved }: { rule?: Rule; onSaved: (id: string | null) => void }) {
  const { t } = useTranslation(rulesNs)
  const { t: ta } = useTranslation(adminNs)
  const labels = useAlertLabels()
  const [draft, setDraft] = useState<RuleDraft>(rule ? draftOf(rule) : emptyDraft)
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  const create = useAdminMutation(createRule, ['rules'])
  const patch = useAdminMutation(patchRule, ['rules'])
  const remove = useAdminMutation(deleteRule, ['rules'])
  const busy = create.isPending || patch.isPending || remove.isPending
  const error = create.error ?? patch.error ?? remove.error

  const save = () => {
    if (rule) patch.mutate({ id: rule.id, body: patchBody(draft) }, { onSuccess: (r) => onSaved(r.id) })
    else create.mutate(createBody(draft), { onSuccess: (r) => onSaved(r.id) })
  }
  const options = <T extends string>(values: readonly T[], label: (v: T) => string) =>
    values.map((v) => (
      <option key={v} value={v}>
        {label(v)}
      </option>
    ))

  return (
    <section className="admin-detail" data-testid="rule-form" aria-label={rule?.name ?? t('add')}>
      <h3>{rule ? rule.name : t('add')}</h3>
      <form
        className="admin-form admin-form-grid"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <Field label={t('fields.name')}>
          <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} required />
        </Field>
        <Field label={t('fields.kind')} help={t(`kindHelp.${draft.kind}`)}>
          <select
            name="kind"
            value={draft.kind}
            disabled={rule !== undefined}
            onChange={(e) => set('kind', e.target.value as RuleDraft['kind'])}
          >
            {options(ruleKindSchema.options, (k) => t(`kinds.${k}`))}
          </select>
        </Field>
        <RuleParams draft={draft} set={set} />
        <Field label={t('fields.severity')}>
          <select
            name="severity"
            value={draft.severity}
            onChange={(e) => set('severity', e.target.value as RuleDraft['severity'])}
          >
            {options(alertSeveritySchema.options, (v) => labels.facet('severity', v))}
          </select>
        </Field>
        <Field label={t('fields.category')}>
          <select
            name="category"
            value={draft.category}
            onChange={(e) => set('category', e.target.value as RuleDraft['category'])}
          >
            {options(alertCategorySchema.options, (v) => labels.facet('category', v))}
          </select>
        </Field>
        <Field label={t('fields.subCategory')}>
          <select
            name="subCategory"
            value={draft.subCategory}
            onChange={(e) => set('subCategory', e.target.value as RuleDraft['subCategory'])}
          >
            {options(alertSubCategorySchema.options, (v) => labels.facet('subCategory', v))}
          </select>
        </Field>
        <Field label={t('fields.sourceIds')} help={t('fields.sourceIdsHelp')}>
          <input
            name="sourceIds"
            value={draft.sourceIds}
            onChange={(e) => set('sourceIds', e.target.value)}
          />
        </Field>
        {draft.kind !== 'detection' && (
          <Field label={t('fields.deviceKinds')} help={t('fields.deviceKindsHelp')}>
            <input
              name="deviceKinds"
              value={draft.deviceKinds}
              onChange={(e) => set('deviceKinds', e.target.value)}
            />
          </Field>
        )}
        <Field label={t('fields.districts')} help={t('fields.districtsHelp')}>
          <input
            name="districts"
            value={draft.districts}
            onChange={(e) => set('districts', e.target.value)}
          />
        </Field>
        <Field label={t('fields.escalateAfterMin')} help={t('fields.escalateAfterMinHelp')}>
          <input
            name="escalateAfterMin"
            inputMode="decimal"
            value={draft.escalateAfterMin}
            onChange={(e) => set('escalateAfterMin', e.target.value)}
          />
        </Field>
        <label className="admin-check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          {t('fields.enabled')}
        </label>
        <div className="admin-actions admin-span">
          <button type="submit" className="admin-button admin-primary" disabled={busy}>
            {busy ? ta('saving') : rule ? ta('save') : t('create')}
          </button>
          {rule && (
            <button
              type="button"
              className="admin-button admin-danger"
              disabled={busy}
              onClick={() => remove.mutate(rule.id, { onSuccess: () => onSaved(null) })}
            >
              {t('remove')}
            </button>
          )}
        </div>
        {error && (
          <p role="alert" className="admin-error admin-span">
            {ta('error', { message: errorText(error) })}
          </p>
        )}
      </form>
      <RulePreviewPanel body={createBody(draft)} />
      {rule && <AuditTrail path={rulePath(rule.id)} kind="rules" />}
    </section>
  )
}
