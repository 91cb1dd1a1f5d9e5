import 'reflect-metadata'
import { NestFactory } from '@nestjs/core'
import type { NestExpressApplication } from '@nestjs/platform-express'
import type { INestApplication, LogLevel } from '@nestjs/common'
import { openDatabase } from '@ioc/db'
import { AppModule } from './app.module.js'
import { DashboardOriginIoAdapter } from './common/dashboard-origins.js'
import { EscapingLogger } from './common/escaping-logger.js'
import type { ApiConfig } from './config.js'
import { setupHttp } from './http-setup.js'
import { RedisStreamsIoAdapter } from './live/redis-io-adapter.js'

const levels: Record<string, LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
}

/** Builds the api without listening, so tests and main.ts share one set-up. */
export async function createApi(config: ApiConfig): Promise<INestApplication> {
  const db = await openDatabase({
    url: config.databaseUrl,
    applicationName: 'ioc-api',
    policy: {
      retentionDays: config.env.IOC_RETENTION_DAYS,
      compressAfterDays: config.env.IOC_COMPRESS_AFTER_DAYS,
    },
  })
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, db), {
    logger: new EscapingLogger({ logLevels: levels[config.env.LOG_LEVEL] ?? levels.info }),
    abortOnError: false,
  }).catch(async (err: unknown) => {
    await db.close()
    throw err
  })
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
