import { Injectable } from '@nestjs/common'
import {
  auditDetail,
  type AuthClaims,
  type ConfigAuditAction,
  type ConfigAuditList,
  type ConfigItemType,
  type RequestOrigin,
} from '@ioc/contracts'
import { ConfigAuditRepository } from '@ioc/db'

/** Who changed a configuration item, and from where: what every admin route hands the trail. */
export interface ChangeBy {
  user: Pick<AuthClaims, 'username' | 'sub'>
  from: RequestOrigin
}

/**
 * The trail of every configuration change (cameras, sensors, rules, users), read on the item
 * (GET .../audit). A change is recorded after it is stored: a refused change leaves no entry.
 */
@Injectable()
export class ConfigAuditService {
  constructor(private readonly repo: ConfigAuditRepository) {}

  record(
    by: ChangeBy,
    itemType: ConfigItemType,
    itemId: string,
    action: ConfigAuditAction,
    change: Record<string, unknown> = {},
  ): Promise<void> {
    return this.repo.record({
      itemType,
      itemId,
      action,
      actor: by.user.username,
      from: by.from,
      detail: auditDetail(change),
    })
  }

  async list(itemType: ConfigItemType, itemId: string): Promise<ConfigAuditList> {
    return { items: await this.repo.list(itemType, itemId) }
  }
}

/** `enabled` alone in a change reads as enabling or disabling; anything else is an update. */
export function updateAction(change: Record<string, unknown>): ConfigAuditAction {
  const keys = Object.keys(change).filter((k) => change[k] !== undefined)
  if (keys.length === 1 && keys[0] === 'enabled') return change.enabled ? 'enabled' : 'disabled'
  return 'updated'
}
