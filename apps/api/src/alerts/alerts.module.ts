import { Module } from '@nestjs/common'
import { CamerasModule } from '../cameras/cameras.module.js'
import { SourcesModule } from '../sources/sources.module.js'
import { AlertsController } from './alerts.controller.js'
import { AlertsService } from './alerts.service.js'
import { EscalationService } from './escalation/escalation.service.js'
import { EvidenceService } from './evidence/evidence.service.js'
import { WebhooksService } from './webhooks/webhooks.service.js'

@Module({
  imports: [CamerasModule, SourcesModule],
  controllers: [AlertsController],
  providers: [AlertsService, EvidenceService, EscalationService, WebhooksService],
  exports: [AlertsService, EvidenceService, EscalationService, WebhooksService],
})
export class AlertsModule {}
