import { ConflictException, Injectable, NotFoundException } from '@nestjs/common'
import { ruleSchema, type Rule, type RuleCreate, type RuleList, type RulePatch } from '@ioc/contracts'
import { RuleExistsError, RulesRepository } from '@ioc/db'
import { parseOrBadRequest } from '../common/zod-pipe.js'
import { ruleIdFromName } from './rule-id.js'
import { RulesRuntime } from './rules-runtime.js'

/** This module's error codes, beside the common ones (libs/contracts errors.ts). */
export const ruleErrorCodes = { notFound: 'rule_not_found', exists: 'rule_exists' } as const

/** Rules CRUD; every change reloads this replica's engine at once (others within seconds). */
@Injectable()
export class RulesService {
  constructor(
    private readonly repo: RulesRepository,
    private readonly runtime: RulesRuntime,
  ) {}

  list(): Promise<RuleList> {
    return this.repo.load().then(({ rules, invalid }) => ({ items: rules, invalid }))
  }

  async get(id: string): Promise<Rule> {
    const rule = await this.repo.get(id)
    if (!rule) throw notFound(id)
    return rule
  }

  async create(input: RuleCreate): Promise<Rule> {
    const id =
      input.id ?? ruleIdFromName(input.name, new Set((await this.repo.load()).rules.map((r) => r.id)))
    try {
      const rule = await this.repo.create({ ...input, id } as Rule)
      await this.runtime.reload()
      return rule
    } catch (err) {
      if (err instanceof RuleExistsError)
        throw new ConflictException({ code: ruleErrorCodes.exists, message: err.message })
      throw err
    }
  }

  /** Params are replaced whole and the result is validated as a complete rule (400 names the field). */
  async update(id: string, patch: RulePatch): Promise<Rule> {
    const current = await this.get(id)
    const merged: Record<string, unknown> = { ...current, ...patch, id, kind: current.kind }
    // null in a patch removes an optional setting (the escalation)
    for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key]
    const rule = parseOrBadRequest(ruleSchema, merged)
    if (!(await this.repo.replace(rule))) throw notFound(id)
    await this.runtime.reload()
    return rule
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound(id)
    await this.runtime.reload()
  }
}

function notFound(id: string) {
  return new NotFoundException({ code: ruleErrorCodes.notFound, message: `no rule with id "${id}"` })
}
