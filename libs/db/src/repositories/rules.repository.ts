import { formatZodError, ruleSchema, type Rule } from '@ioc/contracts'
import type { Pool } from '../connection.js'

interface RuleRow {
  id: string
  name: string
  kind: string
  enabled: boolean
  severity: string
  category: string
  subCategory: string | null
  target: unknown
  params: unknown
  escalateAfterMin: number | null
  escalateTo: string | null
  webhook: unknown
}

/** A stored rule that no longer passes the contract (edited by hand, or an older version). */
export interface InvalidRule {
  id: string
  message: string
}

const columns = `id, name, kind, enabled, severity, category, sub_category as "subCategory", target, params,
  escalate_after_min as "escalateAfterMin", escalate_to as "escalateTo", webhook`

/** Thrown by `create` when the id is taken; the api answers 409. */
export class RuleExistsError extends Error {
  constructor(readonly id: string) {
    super(`a rule with id "${id}" already exists`)
    this.name = 'RuleExistsError'
  }
}

function toRule(row: RuleRow): { ok: true; rule: Rule } | { ok: false; invalid: InvalidRule } {
  const { escalateAfterMin, escalateTo, webhook, ...rest } = row
  const parsed = ruleSchema.safeParse({
    ...rest,
    subCategory: row.subCategory ?? 'other',
    ...(escalateAfterMin !== null ? { escalateAfterMin } : {}),
    ...(escalateTo !== null ? { escalateTo } : {}),
    ...(webhook !== null ? { webhook } : {}),
  })
  return parsed.success
    ? { ok: true, rule: parsed.data }
    : { ok: false, invalid: { id: row.id, message: formatZodError(parsed.error).message } }
}

export class RulesRepository {
  constructor(private readonly pool: Pool) {}

  /** Every stored rule that is valid, and the ids of those that are not (they never run). */
  async load(): Promise<{ rules: Rule[]; invalid: InvalidRule[] }> {
    const rows = (await this.pool.query<RuleRow>(`select ${columns} from rules order by id`)).rows
    const rules: Rule[] = []
    const invalid: InvalidRule[] = []
    for (const row of rows) {
      const result = toRule(row)
      if (result.ok) rules.push(result.rule)
      else invalid.push(result.invalid)
    }
    return { rules, invalid }
  }

  async get(id: string): Promise<Rule | null> {
    const row = (await this.pool.query<RuleRow>(`select ${columns} from rules where id = $1`, [id])).rows[0]
    if (!row) return null
    const result = toRule(row)
    return result.ok ? result.rule : null
  }

  async create(rule: Rule): Promise<Rule> {
    const result = await this.pool.query<RuleRow>(
      `insert into rules (id, name, kind, enabled, severity, category, sub_category, target, params,
         escalate_after_min, escalate_to, webhook)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing returning ${columns}`,
      values(rule),
    )
    if (result.rows.length === 0) throw new RuleExistsError(rule.id)
    return rule
  }

  /** Inserts the rules whose ids are free; existing ones (perhaps edited by an operator) stay. */
  async createMissing(rules: readonly Rule[]): Promise<string[]> {
    const created: string[] = []
    for (const rule of rules) {
      const result = await this.pool.query(
        `insert into rules (id, name, kind, enabled, severity, category, sub_category, target, params,
           escalate_after_min, escalate_to, webhook)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing`,
        values(rule),
      )
      if (result.rowCount === 1) created.push(rule.id)
    }
    return created
  }

  /** Replaces the stored rule with `rule` (same id); false when there is none. */
  async replace(rule: Rule): Promise<boolean> {
    const result = await this.pool.query(
      `update rules set name = $2, kind = $3, enabled = $4, severity = $5, category = $6,
         sub_category = $7, target = $8, params = $9, escalate_after_min = $10, escalate_to = $11, webhook = $12,
         updated_at = now() where id = $1`,
      values(rule),
    )
    return result.rowCount === 1
  }

  async delete(id: string): Promise<boolean> {
    return (await this.pool.query('delete from rules where id = $1', [id])).rowCount === 1
  }

  /**
   * Changes whenever a rule is created, edited or deleted: replicas poll it to reload without a
   * restart (a deletion lowers the count, an edit moves the latest update).
   */
  async version(): Promise<string> {
    const row = (
      await this.pool.query<{ n: string; latest: Date | null }>(
        'select count(*)::text as n, max(updated_at) as latest from rules',
      )
    ).rows[0]
    return `${row?.n ?? 0}@${row?.latest?.toISOString() ?? '-'}`
  }
}

function values(rule: Rule): unknown[] {
  return [
    rule.id,
    rule.name,
    rule.kind,
    rule.enabled,
    rule.severity,
    rule.category,
    rule.subCategory,
    JSON.stringify(rule.target),
    JSON.stringify(rule.params),
    rule.escalateAfterMin ?? null,
    rule.escalateTo ?? null,
    // Stored whole, secret included (it signs the deliveries); rule answers leave it out.
    rule.webhook ? JSON.stringify({ url: rule.webhook.url, secret: rule.webhook.secret }) : null,
  ]
}
