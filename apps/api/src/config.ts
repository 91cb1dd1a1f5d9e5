import { embeddedDatabaseUrl, embeddedMqttUrl, iocEnvSchema, type IocEnv } from '@ioc/config'

export const apiEnvSchema = iocEnvSchema.pick({
  NODE_ENV: true,
  LOG_LEVEL: true,
  PORT: true,
  DATABASE_URL: true,
  MQTT_URL: true,
  REDIS_URL: true,
  IOC_EMBEDDED_DB_PORT: true,
  IOC_EMBEDDED_MQTT_PORT: true,
  IOC_BROKER_SERVICE_PASSWORD: true,
  IOC_DEMO: true,
  IOC_DEMO_PASSWORD: true,
  IOC_RETENTION_DAYS: true,
  IOC_COMPRESS_AFTER_DAYS: true,
})

export type ApiEnv = Pick<IocEnv, keyof typeof apiEnvSchema.shape>

/** What the api connects to: the named servers, or the embedded ones of `npm run demo`. */
export interface ApiConfig {
  env: ApiEnv
  databaseUrl: string
  mqttUrl: string
}

export const API_CONFIG = Symbol('API_CONFIG')

export function resolveApiConfig(env: ApiEnv): ApiConfig {
  return {
    env,
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env),
    mqttUrl: env.MQTT_URL ?? embeddedMqttUrl(env),
  }
}
