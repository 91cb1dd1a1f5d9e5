import { embeddedDatabaseUrl, embeddedMqttUrl, iocEnvSchema, type IocEnv } from '@ioc/config'

export const ingestEnvSchema = iocEnvSchema.pick({
  LOG_LEVEL: true,
  DATABASE_URL: true,
  MQTT_URL: true,
  IOC_EMBEDDED_DB_PORT: true,
  IOC_EMBEDDED_MQTT_PORT: true,
  IOC_RETENTION_DAYS: true,
  IOC_COMPRESS_AFTER_DAYS: true,
  IOC_MAINTENANCE_INTERVAL_S: true,
  IOC_INGEST_SHARE_GROUP: true,
})

export type IngestEnv = Pick<IocEnv, keyof typeof ingestEnvSchema.shape>

export interface IngestConfig {
  env: IngestEnv
  databaseUrl: string
  mqttUrl: string
  instance: string
}

export function resolveIngestConfig(env: IngestEnv, instance = `ingest-${process.pid}`): IngestConfig {
  return {
    env,
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env),
    mqttUrl: env.MQTT_URL ?? embeddedMqttUrl(env),
    instance,
  }
}
