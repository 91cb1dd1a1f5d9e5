import { Module, type DynamicModule } from '@nestjs/common'
import type { Database } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from './config.js'
import { DatabaseModule } from './database/database.module.js'
import { HealthModule } from './health/health.module.js'
import { MessagingModule } from './messaging/messaging.module.js'

@Module({})
export class AppModule {
  /** The configuration is resolved before Nest starts, so tests pass their own. */
  static forConfig(config: ApiConfig, db: Database): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
      imports: [DatabaseModule.forDatabase(db), MessagingModule, HealthModule],
    }
  }
}
