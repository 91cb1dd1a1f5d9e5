import { Module } from '@nestjs/common'
import { CityKpisModule } from '../city-kpis/city-kpis.module.js'
import { KpisController } from './kpis.controller.js'
import { KpisMqtt } from './kpis.mqtt.js'
import { KpisService } from './kpis.service.js'

@Module({
  imports: [CityKpisModule],
  controllers: [KpisController],
  providers: [KpisService, KpisMqtt],
  exports: [KpisService],
})
export class KpisModule {}
