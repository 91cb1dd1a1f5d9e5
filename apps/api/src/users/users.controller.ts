import { Controller, Get, Query } from '@nestjs/common'
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger'
import {
  assignableUserListSchema,
  rolesThat,
  userListQuerySchema,
  type AssignableUserList,
  type AuthClaims,
  type UserListQuery,
} from '@ioc/contracts'
import { AlertsService } from '../alerts/alerts.service.js'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'

// The users an alert may be assigned to, for the people who assign (leaders assign nothing). The
// query is required: listing every user is configuration (rolesThat.configure), not this route.
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles(...rolesThat.actOnAlerts)
  @ApiZodQuery(userListQuerySchema)
  @ApiZodResponse(assignableUserListSchema)
  list(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodPipe(userListQuerySchema)) query: UserListQuery,
  ): Promise<AssignableUserList> {
    return this.alerts.assignableUsers(user, query.canActOn)
  }
}
