import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common'
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger'
import {
  ruleCreateSchema,
  ruleListSchema,
  rulePatchSchema,
  ruleSchema,
  rolesThat,
  type AuthClaims,
  type Rule,
  type RuleCreate,
  type RuleList,
  type RulePatch,
} from '@ioc/contracts'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodBody, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { RulesService } from './rules.service.js'

// Everyone signed in may read the rules (they explain the alerts). Rules decide what becomes an
// alert: configuration, for admins only (docs/permissions.md); operators act on what they raise.
@ApiTags('rules')
@ApiBearerAuth()
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

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
  create(@Body(new ZodPipe(ruleCreateSchema)) body: RuleCreate): Promise<Rule> {
    return this.rules.create(body)
  }

  @Patch(':id')
  @Roles(...rolesThat.configure)
  @ApiZodBody(rulePatchSchema)
  @ApiZodResponse(ruleSchema)
  update(@Param('id') id: string, @Body(new ZodPipe(rulePatchSchema)) body: RulePatch): Promise<Rule> {
    return this.rules.update(id, body)
  }

  @Delete(':id')
  @Roles(...rolesThat.configure)
  @HttpCode(204)
  remove(@Param('id') id: string): Promise<void> {
    return this.rules.remove(id)
  }
}
