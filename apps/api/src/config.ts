import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  embeddedDatabaseUrl,
  embeddedMqttUrl,
  iocEnvSchema,
  mediaPlaySecret,
  requireMediaPlaySecret,
  type IocEnv,
} from '@ioc/config'

export const apiEnvSchema = iocEnvSchema
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    IOC_LOG_PRETTY: true,
    IOC_SHUTDOWN_TIMEOUT_S: true,
    IOC_LIVENESS_MAX_DELAY_S: true,
    PORT: true,
    HOST: true,
    IOC_TRUST_PROXY: true,
    IOC_DASHBOARD_ORIGIN: true,
    IOC_DASHBOARD_DIR: true,
    IOC_REFRESH_TOKEN_DAYS: true,
    DATABASE_URL: true,
    MQTT_URL: true,
    REDIS_URL: true,
    IOC_API_INSTANCE: true,
    IOC_EMBEDDED_DB_PORT: true,
    IOC_EMBEDDED_MQTT_PORT: true,
    IOC_BROKER_SERVICE_PASSWORD: true,
    IOC_DEMO: true,
    IOC_DEMO_PASSWORD: true,
    IOC_JWT_SECRET: true,
    IOC_METRICS_TOKEN: true,
    IOC_RETENTION_DAYS: true,
    IOC_COMPRESS_AFTER_DAYS: true,
    IOC_MEDIA_HTTP_PORT: true,
    IOC_MEDIA_HTTP_URL: true,
    IOC_MAP_BOUNDARIES_FILE: true,
    IOC_MAP_STYLE_URL: true,
    IOC_MEDIA_PLAY_SECRET: true,
    // where the ingest's recordings are read from (recordingsDir: IOC_RECORDINGS_DIR or under IOC_DATA_DIR)
    IOC_DATA_DIR: true,
    IOC_RECORDINGS_DIR: true,
  })
  .superRefine((env, ctx) => {
    // Outside the demo a secret made up at start would log everybody out on every restart and
    // differ between replicas, so it must be given.
    if (!env.IOC_DEMO && env.IOC_JWT_SECRET === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['IOC_JWT_SECRET'],
        message: 'a secret of at least 32 characters (required unless IOC_DEMO=true)',
      })
    requireMediaPlaySecret(env, ctx)
  })

export type ApiEnv = Pick<IocEnv, keyof typeof apiEnvSchema.shape>

/** What the api connects to: the named servers, or the embedded ones of `npm run demo`. */
export interface ApiConfig {
  env: ApiEnv
  databaseUrl: string
  mqttUrl: string
  /** Signs access tokens: IOC_JWT_SECRET, or in demo mode a random one made at start. */
  jwtSecret: string
  /** The ingest's node-media-server (HTTP-FLV), which the api proxies to authorised viewers. */
  mediaHttpUrl: string
  /** Signs each upstream request to that media server (IOC_MEDIA_PLAY_SECRET, shared with the ingest). */
  mediaPlaySecret: string
  /** The built dashboard (index.html and assets/) the api serves, or null when it serves none. */
  dashboardDir: string | null
}

// The same path from src/ (tests) and dist/ (built): apps/dashboard/dist of this checkout.
const checkoutDashboard = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url))

export const API_CONFIG = Symbol('API_CONFIG')

export function resolveApiConfig(env: ApiEnv): ApiConfig {
  return {
    env,
    databaseUrl: env.DATABASE_URL ?? embeddedDatabaseUrl(env),
    mqttUrl: env.MQTT_URL ?? embeddedMqttUrl(env),
    jwtSecret: env.IOC_JWT_SECRET ?? randomBytes(32).toString('base64url'),
    mediaHttpUrl: (env.IOC_MEDIA_HTTP_URL ?? `http://127.0.0.1:${env.IOC_MEDIA_HTTP_PORT}`).replace(
      /\/$/,
      '',
    ),
    mediaPlaySecret: mediaPlaySecret(env),
    dashboardDir: dashboardDir(env.IOC_DASHBOARD_DIR),
  }
}

/** IOC_DASHBOARD_DIR, empty for none; unset: this checkout's build, when there is one. */
function dashboardDir(configured: string | undefined): string | null {
  if (configured !== undefined) return configured || null
  return existsSync(`${checkoutDashboard}index.html`) ? checkoutDashboard : null
}
