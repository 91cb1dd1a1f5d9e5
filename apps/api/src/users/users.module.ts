import { Module } from '@nestjs/common'
import { AlertsModule } from '../alerts/alerts.module.js'
import { UsersController } from './users.controller.js'

@Module({ imports: [AlertsModule], controllers: [UsersController] })
export class UsersModule {}
