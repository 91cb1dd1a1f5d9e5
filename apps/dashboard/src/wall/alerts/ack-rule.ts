import { canActOnAlert, roleCategories, type Alert, type User } from '@ioc/contracts'

export type AckBlock = { kind: 'leader' } | { kind: 'category' } | { kind: 'district'; district: string }

/**
 * Why `user` may not acknowledge `alert`, or null when they may. The decision is canActOnAlert's
 * (the api applies the same rule); this only names the reason for the disabled button.
 */
export function ackBlock(
  user: Pick<User, 'role' | 'district'>,
  alert: Pick<Alert, 'category' | 'district'>,
): AckBlock | null {
  if (canActOnAlert(user, alert)) return null
  const allowed = roleCategories[user.role]
  if (allowed !== 'all' && allowed.length === 0) return { kind: 'leader' }
  if (allowed !== 'all' && !allowed.includes(alert.category)) return { kind: 'category' }
  return { kind: 'district', district: user.district ?? '' }
}
