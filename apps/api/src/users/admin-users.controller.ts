import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common'
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger'
import {
  configAuditListSchema,
  rolesThat,
  userAdminListSchema,
  userAdminViewSchema,
  userCreateSchema,
  userPasswordResetSchema,
  userPatchSchema,
  userSchema,
  userWithPasswordSchema,
  type ConfigAuditList,
  type UserAdminList,
  type UserAdminView,
  type UserCreate,
  type UserPasswordReset,
  type UserPatch,
  type UserWithPassword,
} from '@ioc/contracts'
import { ChangedBy } from '../audit/changed-by.decorator.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { Roles } from '../auth/auth.decorators.js'
import { ApiZodBody, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { AdminUsersService } from './admin-users.service.js'

const idPipe = new ZodPipe(userSchema.shape.id, 'id')

// Users are configuration: admins only (rolesThat.configure), every change audited.
@ApiTags('admin')
@ApiBearerAuth()
@Roles(...rolesThat.configure)
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly audit: ConfigAuditService,
  ) {}

  @Get()
  @ApiZodResponse(userAdminListSchema)
  list(): Promise<UserAdminList> {
    return this.users.list()
  }

  @Post()
  @ApiZodBody(userCreateSchema, 'without password the server makes one up and answers it once')
  @ApiZodResponse(userWithPasswordSchema, 201)
  create(
    @ChangedBy() by: ChangeBy,
    @Body(new ZodPipe(userCreateSchema)) body: UserCreate,
  ): Promise<UserWithPassword> {
    return this.users.create(by, body)
  }

  @Patch(':id')
  @ApiZodBody(userPatchSchema, 'disabled: true refuses logins and revokes the refresh tokens')
  @ApiZodResponse(userAdminViewSchema)
  update(
    @ChangedBy() by: ChangeBy,
    @Param('id', idPipe) id: string,
    @Body(new ZodPipe(userPatchSchema)) body: UserPatch,
  ): Promise<UserAdminView> {
    return this.users.update(by, id, body)
  }

  @Post(':id/password')
  @HttpCode(200)
  @ApiZodBody(userPasswordResetSchema, 'without password the server makes one up and answers it once')
  @ApiZodResponse(userWithPasswordSchema)
  resetPassword(
    @ChangedBy() by: ChangeBy,
    @Param('id', idPipe) id: string,
    @Body(new ZodPipe(userPasswordResetSchema)) body: UserPasswordReset,
  ): Promise<UserWithPassword> {
    return this.users.resetPassword(by, id, body)
  }

  @Get(':id/audit')
  @ApiZodResponse(configAuditListSchema)
  trail(@Param('id', idPipe) id: string): Promise<ConfigAuditList> {
    return this.audit.list('user', id)
  }
}
