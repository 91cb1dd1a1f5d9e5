import { Module } from '@nestjs/common'
import { AlertsModule } from '../alerts/alerts.module.js'
import { AdminUsersController } from './admin-users.controller.js'
import { AdminUsersService } from './admin-users.service.js'
import { UsersController } from './users.controller.js'

@Module({
  imports: [AlertsModule],
  controllers: [UsersController, AdminUsersController],
  providers: [AdminUsersService],
})
export class UsersModule {}
