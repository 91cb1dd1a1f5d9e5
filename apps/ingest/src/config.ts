import { hostname } from 'node:os'
import {
  embeddedDatabaseUrl,
  embeddedMqttUrl,
  iocEnvSchema,
  mediaPlaySecret,
  requireMediaPlaySecret,
  type IocEnv,
} from '@ioc/config'

export const ingestEnvSchema = iocEnvSchema
  .pick({
    LOG_LEVEL: true,
    IOC_LOG_PRETTY: true,
    IOC_SHUTDOWN_TIMEOUT_S: true,
    IOC_LIVENESS_MAX_DELAY_S: true,
    IOC_INGEST_HTTP_PORT: true,
    IOC_INGEST_HTTP_HOST: true,
    IOC_METRICS_TOKEN: true,
    DATABASE_URL: true,
    MQTT_URL: true,
    IOC_EMBEDDED_DB_PORT: true,
    IOC_EMBEDDED_MQTT_PORT: true,
    IOC_BROKER_SERVICE_PASSWORD: true,
    IOC_RETENTION_DAYS: true,
    IOC_COMPRESS_AFTER_DAYS: true,
    IOC_MAINTENANCE_INTERVAL_S: true,
    IOC_INGEST_SHARE_GROUP: true,
    IOC_INGEST_INSTANCE: true,
    IOC_DATA_DIR: true,
    IOC_MEDIA_RTMP_PORT: true,
    IOC_MEDIA_HTTP_PORT: true,
    IOC_MEDIA_ADVERTISED_URL: true,
    IOC_MEDIA_HOST: true,
    IOC_MEDIA_PLAY_SECRET: true,
    IOC_DEMO: true,
    IOC_CAMERAS_FILE: true,
    IOC_DEVICES_FILE: true,
    IOC_CAMERA_STALL_S: true,
    IOC_RECORDINGS_DIR: true,
    IOC_RECORDINGS_MAX_MB: true,
    IOC_RECORDINGS_MIN_FREE_MB: true,
    IOC_RECORDINGS_SEGMENT_S: true,
    IOC_RECORDINGS_SWEEP_S: true,
    IOC_RECORDINGS_KEEP_ALERT_CLIPS: true,
    IOC_CAMERA_LEASE_TTL_S: true,
    IOC_DEVICE_OFFLINE_AFTER_S: true,
    IOC_AUTO_REGISTER_DEVICES: true,
  })
  .superRefine(requireMediaPlaySecret)

export type IngestEnv = Pick<IocEnv, keyof typeof ingestEnvSchema.shape>

export interface IngestConfig {
  env: IngestEnv
  databaseUrl: string
  mqttUrl: string
  instance: string
  /**
   * This process's id among the ingest replicas sharing the cameras (camera leases): the instance
   * when IOC_INGEST_INSTANCE names it, else the host name and process id, unique on the machine.
   */
  replica: string
  /** Checks the api's signature on every play of the embedded media server. */
  mediaPlaySecret: string
}

/**
 * The instance id is the MQTT client id of a persistent session: it must stay the same across
 * restarts (so the broker keeps the QoS 1 messages that arrive meanwhile) and differ between
 * replicas. The host name does both unless two replicas share a host: then set IOC_INGEST_INSTANCE.
 */
export function resolveIngestConfig(env: IngestEnv): IngestConfig {
  const instance = env.IOC_INGEST_INSTANCE || `ingest-${hostname()}`
  return {
    env,
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env),
    mqttUrl: env.MQTT_URL ?? embeddedMqttUrl(env),
    instance,
    replica: env.IOC_INGEST_INSTANCE || `ingest-${hostname()}-${process.pid}`,
    mediaPlaySecret: mediaPlaySecret(env),
  }
}
