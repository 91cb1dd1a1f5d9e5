import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common'
import type { Database } from '@ioc/db'

export const DATABASE = Symbol('DATABASE')

/**
 * The api's one pool. It is opened (and migrated) before Nest starts, see bootstrap.ts, so an
 * unreachable database is one clear line from main.ts instead of a dependency-injection stack trace.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  static forDatabase(db: Database): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: DATABASE, useValue: db }], exports: [DATABASE] }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close()
  }
}
