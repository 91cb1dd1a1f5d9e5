import { Module, type DynamicModule } from '@nestjs/common'
import type { Database } from '@ioc/db'
import { AlertsModule } from './alerts/alerts.module.js'
import { AuditModule } from './audit/audit.module.js'
import { AuthModule } from './auth/auth.module.js'
import { CamerasModule } from './cameras/cameras.module.js'
import { API_CONFIG, type ApiConfig } from './config.js'
import { CountsModule } from './counts/counts.module.js'
import { DatabaseModule } from './database/database.module.js'
import { DeadLettersModule } from './dead-letters/dead-letters.module.js'
import { HealthModule } from './health/health.module.js'
import { KpisModule } from './kpis/kpis.module.js'
import { LiveGatewayModule } from './live/live-gateway.module.js'
import { LiveModule } from './live/live.module.js'
import { MapModule } from './map/map.module.js'
import { MessagingModule } from './messaging/messaging.module.js'
import { MetricsModule } from './metrics/metrics.module.js'
import { RecordingsModule } from './recordings/recordings.module.js'
import { RulesModule } from './rules/rules.module.js'
import { SensorsModule } from './sensors/sensors.module.js'
import { UsersModule } from './users/users.module.js'

@Module({})
export class AppModule {
  /** The configuration is resolved before Nest starts, so tests pass their own. */
  static forConfig(config: ApiConfig, db: Database): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
      imports: [
        DatabaseModule.forDatabase(db),
        AuditModule,
        MessagingModule,
        AuthModule,
        MetricsModule,
        HealthModule,
        SensorsModule,
        CamerasModule,
        CountsModule,
        RecordingsModule,
        DeadLettersModule,
        KpisModule,
        LiveModule,
        AlertsModule,
        UsersModule,
        RulesModule,
        MapModule,
        LiveGatewayModule,
      ],
    }
  }
}
