import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common'
import {
  commonErrorCodes,
  rolesThat,
  ruleSchema,
  type AuthClaims,
  type Rule,
  type RuleCreate,
  type RuleList,
  type RulePatch,
} from '@ioc/contracts'
import { RuleExistsError, RulesRepository } from '@ioc/db'
import { webhookTarget } from '../alerts/webhooks/webhook-sender.js'
import { ConfigAuditService, updateAction, type ChangeBy } from '../audit/config-audit.service.js'
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
    private readonly audit: ConfigAuditService,
  ) {}

  list(user: Pick<AuthClaims, 'role'>): Promise<RuleList> {
    return this.repo
      .load()
      .then(({ rules, invalid }) => ({ items: rules.map((r) => viewOf(r, user)), invalid }))
  }

  async get(user: Pick<AuthClaims, 'role'>, id: string): Promise<Rule> {
    return viewOf(await this.stored(id), user)
  }

  private async stored(id: string): Promise<Rule> {
    const rule = await this.repo.get(id)
    if (!rule) throw notFound(id)
    return rule
  }

  async create(by: ChangeBy, input: RuleCreate): Promise<Rule> {
    const id =
      input.id ?? ruleIdFromName(input.name, new Set((await this.repo.load()).rules.map((r) => r.id)))
    if (input.webhook && !input.webhook.secret) throw noSecret()
    try {
      const rule = await this.repo.create({ ...input, id } as Rule)
      await this.audit.record(by, 'rule', id, 'created', { ...input, id })
      await this.runtime.reload()
      return withoutSecret(rule)
    } catch (err) {
      if (err instanceof RuleExistsError)
        throw new ConflictException({ code: ruleErrorCodes.exists, message: err.message })
      throw err
    }
  }

  /** Params are replaced whole and the result is validated as a complete rule (400 names the field). */
  async update(by: ChangeBy, id: string, patch: RulePatch): Promise<Rule> {
    const current = await this.stored(id)
    const merged: Record<string, unknown> = { ...current, ...patch, id, kind: current.kind }
    // A webhook without a secret keeps the current one (answers never show it to copy back).
    if (patch.webhook && !patch.webhook.secret) {
      if (!current.webhook?.secret) throw noSecret()
      merged.webhook = { url: patch.webhook.url, secret: current.webhook.secret }
    }
    // null in a patch removes an optional setting (the escalation)
    for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key]
    const rule = parseOrBadRequest(ruleSchema, merged)
    if (!(await this.repo.replace(rule))) throw notFound(id)
    await this.audit.record(by, 'rule', id, updateAction(patch), patch)
    await this.runtime.reload()
    return withoutSecret(rule)
  }

  async remove(by: ChangeBy, id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound(id)
    await this.audit.record(by, 'rule', id, 'deleted')
    await this.runtime.reload()
  }
}

/**
 * What a reader sees of a rule: the webhook's secret never (write-only); its URL whole only by
 * those who configure rules, others its scheme and host (a messaging system's webhook path is
 * often its token).
 */
function viewOf(rule: Rule, user: Pick<AuthClaims, 'role'>): Rule {
  const view = withoutSecret(rule)
  if (!view.webhook || (rolesThat.configure as readonly string[]).includes(user.role)) return view
  return { ...view, webhook: { ...view.webhook, url: `${webhookTarget(view.webhook.url)}/` } }
}

/** Webhook secrets are write-only: answers say whether there is one. */
function withoutSecret(rule: Rule): Rule {
  if (!rule.webhook) return rule
  return { ...rule, webhook: { url: rule.webhook.url, hasSecret: rule.webhook.secret !== undefined } }
}

function noSecret() {
  return new BadRequestException({
    code: commonErrorCodes.validation,
    message: 'webhook.secret: a webhook needs a secret (16-256 characters) to sign its deliveries',
    details: [{ path: 'webhook.secret', message: 'required' }],
  })
}

function notFound(id: string) {
  return new NotFoundException({ code: ruleErrorCodes.notFound, message: `no rule with id "${id}"` })
}
