import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert, User } from '@ioc/contracts'
import { consoleNs } from '../i18n.js'
import { shortcuts, type Command } from '../shortcuts.js'
import { planAction, reasonCounts, type ActionKind, type ActionPlan } from './action-plan.js'
import type { ActionRun } from './use-alert-actions.js'
import { useBlockText } from './use-block-text.js'

const buttons: { command: Command; kind: ActionKind }[] = [
  { command: 'ack', kind: 'ack' },
  { command: 'assign', kind: 'assign' },
  { command: 'assignMe', kind: 'assign' },
  { command: 'comment', kind: 'comment' },
  { command: 'resolve', kind: 'resolve' },
]
const keyOf = (command: Command) => shortcuts.find((s) => s.command === command)?.keys[0] ?? ''

export interface ActionBarProps {
  user: Pick<User, 'role' | 'district' | 'username'>
  targets: readonly Alert[]
  selection: boolean
  onCommand: (command: Command) => void
  pending: boolean
  lastRun: ActionRun | null
  error: Error | null
  /** The list's count, at the end of the status line. */
  count?: ReactNode
}

/** The plan of each action for the current targets (the selection, or the alert shown). */
export function plansFor(user: Pick<User, 'role' | 'district'>, targets: readonly Alert[]) {
  const plans = {} as Record<ActionKind, ActionPlan>
  for (const kind of ['ack', 'assign', 'comment', 'resolve'] as const)
    plans[kind] = planAction(user, kind, targets)
  return plans
}

/**
 * The actions on the selected alerts (or the one shown), each with its key. An action none of the
 * targets allows is disabled with the reason beside it; targets it does not allow are left out of
 * the request and counted with their reason.
 */
export function ActionBar({
  user,
  targets,
  selection,
  onCommand,
  pending,
  lastRun,
  error,
  count,
}: ActionBarProps) {
  const { t } = useTranslation(consoleNs)
  const describe = useBlockText(user)
  const plans = plansFor(user, targets)
  // one line of reasons: those of the first action that leaves anything out
  const firstBlocked = (['ack', 'assign', 'comment', 'resolve'] as const).find(
    (k) => plans[k].blocked.length > 0,
  )
  const reasons = firstBlocked ? reasonCounts(plans[firstBlocked], describe) : []
  const onlyReason = reasons.length === 1 && reasons[0]!.count === targets.length
  return (
    <div className="console-actions" role="toolbar" aria-label={t('actions.bar')} data-testid="action-bar">
      {buttons.map(({ command, kind }) => {
        const plan = plans[kind]
        const disabled = pending || plan.allowed.length === 0
        const why =
          plan.allowed.length === 0 && plan.blocked.length > 0
            ? describe(plan.blocked[0]!.block, plan.blocked[0]!.alert)
            : undefined
        return (
          <button
            key={command}
            type="button"
            className="console-button console-actions__button"
            disabled={disabled}
            title={why}
            aria-keyshortcuts={keyOf(command)}
            data-action={command}
            onClick={() => onCommand(command)}
          >
            {t(`actions.${command}`)}
            {selection && plan.allowed.length > 0 && ` (${plan.allowed.length})`} <kbd>{keyOf(command)}</kbd>
          </button>
        )
      })}
      <div className="console-actions__status" role="status" data-testid="action-status">
        <span className="console-actions__targets" data-testid="action-targets">
          {targets.length === 0
            ? t('actions.none')
            : selection
              ? t('actions.targets', { count: targets.length })
              : t('actions.targetOne')}
        </span>
        {reasons.length > 0 && (
          <span className="console-actions__reason" data-testid="action-reason">
            {onlyReason
              ? reasons[0]!.reason
              : reasons
                  .map((r) => t('actions.blockedCount', { count: r.count, reason: r.reason }))
                  .join(' · ')}
          </span>
        )}
        {pending && <span>{t('actions.sending')}</span>}
        {!pending && error && (
          <span className="console-actions__error">{t('actions.error', { reason: error.message })}</span>
        )}
        {!pending && !error && lastRun && (
          <span data-testid="action-result">
            {t(`actions.done.${lastRun.kind}`, { ok: lastRun.ok, total: lastRun.total })}
            {lastRun.failures
              .map((f) => ` · ${t('actions.failed', { count: f.count, reason: f.message })}`)
              .join('')}
          </span>
        )}
        {count}
      </div>
    </div>
  )
}
