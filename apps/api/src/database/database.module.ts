import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common'
import {
  AlertEvidenceRepository,
  AlertsRepository,
  CameraLeasesRepository,
  CamerasRepository,
  ConfigAuditRepository,
  DetectionEventsRepository,
  RecordingsRepository,
  RefreshTokensRepository,
  RulesRepository,
  WebhookDeliveriesRepository,
  type Database,
  type Pool,
} from '@ioc/db'

export const DATABASE = Symbol('DATABASE')

/** The repositories the api's modules inject, each made once on the one pool. */
const REPOSITORIES = [
  AlertsRepository,
  AlertEvidenceRepository,
  CameraLeasesRepository,
  CamerasRepository,
  ConfigAuditRepository,
  DetectionEventsRepository,
  RecordingsRepository,
  RefreshTokensRepository,
  RulesRepository,
  WebhookDeliveriesRepository,
] as const

const onePool = (repository: new (pool: Pool) => object): Provider => ({
  provide: repository,
  useFactory: (db: Database) => new repository(db.pool),
  inject: [DATABASE],
})

/**
 * The api's one pool and its repositories. The pool is opened (and migrated) before Nest starts,
 * see bootstrap.ts, so an unreachable database is one clear line from main.ts instead of a
 * dependency-injection stack trace. Repositories that libs/db's Database already holds (devices,
 * readings, users, ...) are reached through DATABASE.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  static forDatabase(db: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE, useValue: db }, ...REPOSITORIES.map(onePool)],
      exports: [DATABASE, ...REPOSITORIES],
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close()
  }
}
