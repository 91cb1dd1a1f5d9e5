import 'reflect-metadata'
import { NestFactory } from '@nestjs/core'
import type { INestApplication, LogLevel } from '@nestjs/common'
import { AppModule } from './app.module.js'
import type { ApiConfig } from './config.js'

const levels: Record<string, LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
}

/** Builds the api without listening, so tests and main.ts share one set-up. */
export async function createApi(config: ApiConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forConfig(config), {
    logger: levels[config.env.LOG_LEVEL] ?? levels.info,
    abortOnError: false,
  })
  app.setGlobalPrefix('api')
  app.enableShutdownHooks()
  return app
}
