import { useTranslation } from 'react-i18next'
import { detectionEventKindSchema, thresholdOpSchema } from '@ioc/contracts'
import { Field } from '../common/Field.js'
import { rulesNs } from './i18n.js'
import type { RuleDraft } from './rule-draft.js'

type Set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => void

/** The fields of the draft's kind, each with what it does. */
export function RuleParams({ draft, set }: { draft: RuleDraft; set: Set }) {
  const { t } = useTranslation(rulesNs)
  const input = (key: keyof RuleDraft, inputMode: 'decimal' | 'numeric' | 'text' = 'decimal') => (
    <input
      name={key}
      inputMode={inputMode}
      value={String(draft[key])}
      onChange={(e) => set(key, e.target.value as never)}
    />
  )
  switch (draft.kind) {
    case 'threshold':
      return (
        <>
          <Field label={t('fields.metric')} help={t('fields.metricHelp')}>
            {input('metric', 'text')}
          </Field>
          <Field label={t('fields.op')}>
            <select name="op" value={draft.op} onChange={(e) => set('op', e.target.value as RuleDraft['op'])}>
              {thresholdOpSchema.options.map((op) => (
                <option key={op} value={op}>
                  {t(`ops.${op}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('fields.value')}>{input('value')}</Field>
          <Field label={t('fields.forSeconds')} help={t('fields.forSecondsHelp')}>
            {input('forSeconds', 'numeric')}
          </Field>
          <Field label={t('fields.hysteresis')} help={t('fields.hysteresisHelp')}>
            {input('hysteresis')}
          </Field>
        </>
      )
    case 'rate_of_change':
      return (
        <>
          <Field label={t('fields.metric')} help={t('fields.metricHelp')}>
            {input('metric', 'text')}
          </Field>
          <Field label={t('fields.deltaPerMinute')} help={t('fields.deltaPerMinuteHelp')}>
            {input('deltaPerMinute')}
          </Field>
          <Field label={t('fields.windowSeconds')} help={t('fields.windowSecondsHelp')}>
            {input('windowSeconds', 'numeric')}
          </Field>
        </>
      )
    case 'offline':
      return (
        <Field label={t('fields.afterSeconds')} help={t('fields.afterSecondsHelp')}>
          {input('afterSeconds', 'numeric')}
        </Field>
      )
    case 'detection':
      return (
        <>
          <Field label={t('fields.event')}>
            <select
              name="event"
              value={draft.event}
              onChange={(e) => set('event', e.target.value as RuleDraft['event'])}
            >
              {detectionEventKindSchema.options.map((ev) => (
                <option key={ev} value={ev}>
                  {t(`events.${ev}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('fields.zoneId')} help={t('fields.zoneIdHelp')}>
            {input('zoneId', 'text')}
          </Field>
          {draft.event === 'crowd' && (
            <Field label={t('fields.minCount')} help={t('fields.minCountHelp')}>
              {input('minCount', 'numeric')}
            </Field>
          )}
          {draft.event === 'vehicle_stopped' && (
            <Field label={t('fields.minSeconds')} help={t('fields.minSecondsHelp')}>
              {input('minSeconds', 'numeric')}
            </Field>
          )}
        </>
      )
  }
}
