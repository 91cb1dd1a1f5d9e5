import { Module } from '@nestjs/common'
import { CamerasModule } from '../cameras/cameras.module.js'
import { SourcesModule } from '../sources/sources.module.js'
import { AlertsController } from './alerts.controller.js'
import { AlertsService } from './alerts.service.js'
import { EvidenceService } from './evidence/evidence.service.js'

@Module({
  imports: [CamerasModule, SourcesModule],
  controllers: [AlertsController],
  providers: [AlertsService, EvidenceService],
  exports: [AlertsService, EvidenceService],
})
export class AlertsModule {}
