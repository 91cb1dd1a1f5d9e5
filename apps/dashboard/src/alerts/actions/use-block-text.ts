import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert, User } from '@ioc/contracts'
import { consoleNs } from '../i18n.js'
import type { ActionBlock } from './action-plan.js'

/** The sentence beside a disabled action: why this user may not take it on this alert. */
export function useBlockText(user: Pick<User, 'role'> | null): (block: ActionBlock, alert: Alert) => string {
  const { t } = useTranslation(consoleNs)
  return useCallback(
    (block, alert) => {
      switch (block.kind) {
        case 'category':
          return t('actions.blocked.category', {
            role: t(`roles.${user?.role ?? 'leader'}`, { ns: 'shell' }),
            category: t(`category.${alert.category}`),
          })
        case 'district':
          return t('actions.blocked.district', { district: block.district })
        case 'acknowledged':
          return t('actions.blocked.acknowledged', { user: block.by ?? '?' })
        default:
          return t(`actions.blocked.${block.kind}`)
      }
    },
    [t, user?.role],
  )
}
