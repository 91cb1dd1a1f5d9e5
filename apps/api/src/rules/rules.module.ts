import { Module } from '@nestjs/common'
import { AlertsModule } from '../alerts/alerts.module.js'
import { SourcesModule } from '../sources/sources.module.js'
import { RulePreviewService } from './preview/rule-preview.service.js'
import { RulesController } from './rules.controller.js'
import { RulesRuntime } from './rules-runtime.js'
import { RulesService } from './rules.service.js'

@Module({
  imports: [AlertsModule, SourcesModule],
  controllers: [RulesController],
  providers: [RulesRuntime, RulesService, RulePreviewService],
})
export class RulesModule {}
