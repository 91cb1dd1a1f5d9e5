import type { ConfigAuditAction, ConfigAuditEntry, ConfigItemType, RequestOrigin } from '@ioc/contracts'
import type { Pool } from '../connection.js'

export interface ConfigAuditInput {
  itemType: ConfigItemType
  itemId: string
  action: ConfigAuditAction
  actor: string
  from: RequestOrigin
  detail: Record<string, unknown>
}

interface Row {
  id: string
  itemType: ConfigItemType
  itemId: string
  action: ConfigAuditAction
  actor: string
  at: Date
  ip: string | null
  userAgent: string | null
  detail: Record<string, unknown>
}

/** The trail of configuration changes (migration 0010): kept after the item is deleted. */
export class ConfigAuditRepository {
  constructor(private readonly pool: Pool) {}

  async record(entry: ConfigAuditInput): Promise<void> {
    await this.pool.query(
      `insert into config_audit (item_type, item_id, action, actor, ip, user_agent, detail)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.itemType,
        entry.itemId,
        entry.action,
        entry.actor,
        entry.from.ip,
        entry.from.userAgent,
        JSON.stringify(entry.detail),
      ],
    )
  }

  /** The item's trail, newest first. */
  async list(itemType: ConfigItemType, itemId: string, limit = 200): Promise<ConfigAuditEntry[]> {
    const result = await this.pool.query<Row>(
      `select id::text as id, item_type as "itemType", item_id as "itemId", action, actor, at, ip,
              user_agent as "userAgent", detail
       from config_audit where item_type = $1 and item_id = $2 order by id desc limit $3`,
      [itemType, itemId, limit],
    )
    return result.rows.map(({ ip, userAgent, at, ...row }) => ({
      ...row,
      at: at.toISOString(),
      from: { ip, userAgent },
    }))
  }
}
