import { Module } from '@nestjs/common'
import { KpisController } from './kpis.controller.js'
import { KpisMqtt } from './kpis.mqtt.js'
import { KpisService } from './kpis.service.js'

@Module({ controllers: [KpisController], providers: [KpisService, KpisMqtt], exports: [KpisService] })
export class KpisModule {}
