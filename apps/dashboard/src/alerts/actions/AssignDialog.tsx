import { useQueries } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { assignableUserListSchema, type Alert } from '@ioc/contracts'
import { useApi } from '../../shell/services.js'
import { consoleNs } from '../i18n.js'
import { ActionDialog } from './ActionDialog.js'

/**
 * Who may take an alert depends only on its category and district (canBeAssignedTo), so one alert
 * of each (category, district) pair is asked about and the answers intersected: a bulk assign of
 * 50 alerts of two districts asks twice, not fifty times.
 */
export function representatives(alerts: readonly Alert[]): Alert[] {
  const seen = new Map<string, Alert>()
  for (const a of alerts) {
    const key = `${a.category}\n${a.district ?? ''}`
    if (!seen.has(key)) seen.set(key, a)
  }
  return [...seen.values()]
}

export function intersect(lists: readonly (readonly string[])[]): string[] {
  if (lists.length === 0) return []
  const [first, ...rest] = lists
  return first!.filter((name) => rest.every((l) => l.includes(name))).sort((a, b) => a.localeCompare(b, 'vi'))
}

/** The users GET /api/users?canActOn offers for every target, and "nobody". */
export function AssignDialog({
  targets,
  me,
  onAssign,
  onClose,
}: {
  targets: readonly Alert[]
  me: string
  onAssign: (assignee: string | null) => void
  onClose: () => void
}) {
  const { t } = useTranslation(consoleNs)
  const api = useApi()
  const reps = representatives(targets)
  const answers = useQueries({
    queries: reps.map((a) => ({
      queryKey: ['users', 'canActOn', a.category, a.district],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get('/api/users', assignableUserListSchema, { query: { canActOn: a.id }, signal }),
      staleTime: 60_000,
    })),
  })
  const loading = answers.some((q) => q.isPending)
  const failed = answers.find((q) => q.error)?.error
  const names =
    loading || failed ? [] : intersect(answers.map((q) => (q.data?.items ?? []).map((u) => u.username)))
  return (
    <ActionDialog
      title={t('actions.assignTitle', { count: targets.length })}
      onClose={onClose}
      testId="assign-dialog"
    >
      {loading && <p className="console-muted">{t('actions.assignLoading')}</p>}
      {failed && <p className="console-actions__error">{t('actions.error', { reason: failed.message })}</p>}
      {!loading && !failed && names.length === 0 && (
        <p className="console-muted">{t('actions.assignNone')}</p>
      )}
      <ul className="console-assign">
        {names.map((name) => (
          <li key={name}>
            <button
              type="button"
              className="console-button console-assign__user"
              onClick={() => onAssign(name)}
              data-assignee={name}
            >
              {name === me ? t('actions.me', { user: name }) : name}
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="console-button console-assign__user"
            onClick={() => onAssign(null)}
            data-assignee=""
          >
            {t('actions.assignNobody')}
          </button>
        </li>
      </ul>
      <div className="console-form__buttons">
        <button type="button" className="console-button" onClick={onClose}>
          {t('actions.cancel')}
        </button>
      </div>
    </ActionDialog>
  )
}
