import 'reflect-metadata'
import { NestFactory } from '@nestjs/core'
import type { NestExpressApplication } from '@nestjs/platform-express'
import { Module, type INestApplication } from '@nestjs/common'
import { Logger as PinoNestLogger } from 'nestjs-pino'
import type { DestinationStream } from 'pino'
import { createServiceLogger } from '@ioc/config'
import { openDatabase } from '@ioc/db'
import { AppModule } from './app.module.js'
import { DashboardOriginIoAdapter } from './common/dashboard-origins.js'
import { apiLoggerModule } from './common/logging.js'
import type { ApiConfig } from './config.js'
import { setupHttp } from './http-setup.js'
import { RedisStreamsIoAdapter } from './live/redis-io-adapter.js'

/** The api's modules under the logger's: pino-http then sees every route of every module. */
@Module({})
class ApiRootModule {}

export interface CreateApiOptions {
  /** Where log lines go instead of stdout (tests read them; the first app of a process only, logging.ts). */
  logDestination?: DestinationStream
}

/** Builds the api without listening, so tests and main.ts share one set-up. */
export async function createApi(
  config: ApiConfig,
  options: CreateApiOptions = {},
): Promise<INestApplication> {
  const logger = createServiceLogger({
    name: 'api',
    level: config.env.LOG_LEVEL,
    pretty: config.env.IOC_LOG_PRETTY,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  })
  const db = await openDatabase({
    url: config.databaseUrl,
    applicationName: 'ioc-api',
    policy: {
      retentionDays: config.env.IOC_RETENTION_DAYS,
      compressAfterDays: config.env.IOC_COMPRESS_AFTER_DAYS,
    },
  })
  const root = { module: ApiRootModule, imports: [apiLoggerModule(logger), AppModule.forConfig(config, db)] }
  const app = await NestFactory.create<NestExpressApplication>(root, {
    // Nest's own start-up lines wait for the pino logger, then go through it
    bufferLogs: true,
    abortOnError: false,
  }).catch(async (err: unknown) => {
    await db.close()
    throw err
  })
  app.useLogger(app.get(PinoNestLogger))
  const origins = config.env.IOC_DASHBOARD_ORIGIN
  if (config.env.REDIS_URL) {
    try {
      app.useWebSocketAdapter(
        await RedisStreamsIoAdapter.connect(app, config.env.REDIS_URL, config.databaseUrl, origins),
      )
    } catch (err) {
      await app.close()
      throw err
    }
  } else {
    app.useWebSocketAdapter(new DashboardOriginIoAdapter(app, origins))
  }
  app.setGlobalPrefix('api')
  setupHttp(app)
  app.enableShutdownHooks()
  return app
}
