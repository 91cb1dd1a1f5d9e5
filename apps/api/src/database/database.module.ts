import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common'
import { openDatabase, type Database } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'

export const DATABASE = Symbol('DATABASE')

/** One pool for the whole api; migrations run here, once, before any request is served. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig): Promise<Database> =>
        openDatabase({
          url: config.databaseUrl,
          applicationName: 'ioc-api',
          policy: {
            retentionDays: config.env.IOC_RETENTION_DAYS,
            compressAfterDays: config.env.IOC_COMPRESS_AFTER_DAYS,
          },
        }),
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close()
  }
}
