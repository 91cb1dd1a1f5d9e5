import { Global, Module } from '@nestjs/common'
import { ApiMetrics } from './api-metrics.js'
import { MetricsController } from './metrics.controller.js'
import { MetricsService } from './metrics.service.js'

@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, ApiMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
