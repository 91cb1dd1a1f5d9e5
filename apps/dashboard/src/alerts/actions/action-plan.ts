import { rolesThat, type Alert, type User } from '@ioc/contracts'
import { ackBlock, type AckBlock } from '../../wall/alerts/ack-rule.js'

export const actionKinds = ['ack', 'assign', 'comment', 'resolve'] as const
export type ActionKind = (typeof actionKinds)[number]

/** Why one alert is left out of an action: the role's (canActOnAlert), or the alert's state. */
export type ActionBlock = AckBlock | { kind: 'acknowledged'; by: string | null } | { kind: 'cleared' }

export interface ActionPlan {
  kind: ActionKind
  /** The alerts the request will be sent for. */
  allowed: Alert[]
  /** The others, each with its reason; never sent (the api would refuse them). */
  blocked: { alert: Alert; block: ActionBlock }[]
}

type Who = Pick<User, 'role' | 'district'>

/** Whether the role acts on any alert at all: leaders read and act on nothing (no action is shown). */
export function actsOnAlerts(user: Pick<User, 'role'>): boolean {
  return (rolesThat.actOnAlerts as readonly string[]).includes(user.role)
}

/**
 * Why `user` may not take `kind` on `alert`, or null. The role part is canActOnAlert's (through
 * ackBlock, which names the reason); the state part mirrors what the api answers 409 for: an
 * acknowledged alert is not acknowledged again, a cleared one not resolved again.
 */
export function blockOf(user: Who, kind: ActionKind, alert: Alert): ActionBlock | null {
  const role = ackBlock(user, alert)
  if (role) return role
  if (kind === 'ack' && alert.acknowledged) return { kind: 'acknowledged', by: alert.ackBy }
  if (kind === 'resolve' && alert.status === 'cleared') return { kind: 'cleared' }
  return null
}

/** Splits the targets of an action into those sent and those left out with their reason. */
export function planAction(user: Who, kind: ActionKind, targets: readonly Alert[]): ActionPlan {
  const plan: ActionPlan = { kind, allowed: [], blocked: [] }
  for (const alert of targets) {
    const block = blockOf(user, kind, alert)
    if (block) plan.blocked.push({ alert, block })
    else plan.allowed.push(alert)
  }
  return plan
}

/** The distinct reasons of a plan's blocked alerts, as `describe` words them, most frequent first. */
export function reasonCounts(
  plan: ActionPlan,
  describe: (block: ActionBlock, alert: Alert) => string,
): { reason: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const { block, alert } of plan.blocked) {
    const reason = describe(block, alert)
    counts.set(reason, (counts.get(reason) ?? 0) + 1)
  }
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count)
}
