import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common'
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger'
import {
  configAuditListSchema,
  ruleCreateSchema,
  rulePreviewBodySchema,
  rulePreviewSchema,
  ruleListSchema,
  rulePatchSchema,
  ruleSchema,
  rolesThat,
  type AuthClaims,
  type ConfigAuditList,
  type Rule,
  type RuleCreate,
  type RuleList,
  type RulePatch,
  type RulePreview,
  type RulePreviewBody,
} from '@ioc/contracts'
import { ChangedBy } from '../audit/changed-by.decorator.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodBody, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { RulePreviewService } from './preview/rule-preview.service.js'
import { RulesService } from './rules.service.js'

// Everyone signed in may read the rules (they explain the alerts). Rules decide what becomes an
// alert: configuration, for admins only (docs/permissions.md); operators act on what they raise.
@ApiTags('rules')
@ApiBearerAuth()
@Controller('rules')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly previews: RulePreviewService,
    private readonly audit: ConfigAuditService,
  ) {}

  @Get()
  @ApiZodResponse(ruleListSchema)
  list(@CurrentUser() user: AuthClaims): Promise<RuleList> {
    return this.rules.list(user)
  }

  @Get(':id')
  @ApiZodResponse(ruleSchema)
  get(@CurrentUser() user: AuthClaims, @Param('id') id: string): Promise<Rule> {
    return this.rules.get(user, id)
  }

  @Post()
  @Roles(...rolesThat.configure)
  @ApiZodBody(ruleCreateSchema)
  @ApiZodResponse(ruleSchema, 201)
  create(@ChangedBy() by: ChangeBy, @Body(new ZodPipe(ruleCreateSchema)) body: RuleCreate): Promise<Rule> {
    return this.rules.create(by, body)
  }

  // A rule, saved or not, replayed over the stored history: how often it would have fired, when.
  @Post('preview')
  @Roles(...rolesThat.configure)
  @HttpCode(200)
  @ApiZodBody(rulePreviewBodySchema)
  @ApiZodResponse(rulePreviewSchema)
  preview(@Body(new ZodPipe(rulePreviewBodySchema)) body: RulePreviewBody): Promise<RulePreview> {
    return this.previews.preview(body)
  }

  // The trail outlives the rule: a deleted rule's changes are still answered.
  @Get(':id/audit')
  @Roles(...rolesThat.configure)
  @ApiZodResponse(configAuditListSchema)
  trail(@Param('id') id: string): Promise<ConfigAuditList> {
    return this.audit.list('rule', id)
  }

  @Patch(':id')
  @Roles(...rolesThat.configure)
  @ApiZodBody(rulePatchSchema)
  @ApiZodResponse(ruleSchema)
  update(
    @ChangedBy() by: ChangeBy,
    @Param('id') id: string,
    @Body(new ZodPipe(rulePatchSchema)) body: RulePatch,
  ): Promise<Rule> {
    return this.rules.update(by, id, body)
  }

  @Delete(':id')
  @Roles(...rolesThat.configure)
  @HttpCode(204)
  remove(@ChangedBy() by: ChangeBy, @Param('id') id: string): Promise<void> {
    return this.rules.remove(by, id)
  }
}
