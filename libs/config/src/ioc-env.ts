import { z } from 'zod'
import { booleanFlag, logLevel, optionalUrl, originList, port, positiveInt, trustProxy } from './fields.js'

/**
 * Every environment variable of the product, in one place (README's table mirrors this).
 * Each service picks the subset it needs with `.pick()`.
 */
export const iocEnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: 'development, production or test' })
    .default('development'),
  LOG_LEVEL: logLevel,
  // Logs are JSON lines (pino) unless stdout is a terminal; 1 forces the readable form, 0 JSON.
  IOC_LOG_PRETTY: z
    .enum(['', 'true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false, or unset (a terminal)' })
    .optional()
    .transform((v) => (v ? ['true', '1', 'yes'].includes(v) : undefined)),
  // A service told to stop (SIGTERM) drains its buffers and closes its sessions within this, or exits anyway.
  IOC_SHUTDOWN_TIMEOUT_S: positiveInt(10, 'seconds a stopping service has to drain and close'),
  // Liveness (GET /api/health/live, the ingest's /health/live) fails after an event-loop stall this long.
  IOC_LIVENESS_MAX_DELAY_S: positiveInt(5, 'seconds of event-loop delay after which a service is not live'),
  // The ingest's own HTTP server: GET /metrics (IOC_METRICS_TOKEN when set), /health/live, /health/ready.
  IOC_INGEST_HTTP_PORT: port(9464),
  IOC_INGEST_HTTP_HOST: z
    .string()
    .trim()
    .min(1, { message: 'an interface address, e.g. 0.0.0.0' })
    .default('127.0.0.1'),
  PORT: port(3000),
  // Loopback unless told otherwise: in front of the api sits a proxy (infra/nginx) or nothing public.
  HOST: z.string().trim().min(1, { message: 'an interface address, e.g. 0.0.0.0' }).default('127.0.0.1'),
  // Proxies whose X-Forwarded-For the api believes (login throttling, audit "from where").
  IOC_TRUST_PROXY: trustProxy,
  // Origins other than the api's own that may call it from a browser (CORS, HTTP and Socket.IO).
  IOC_DASHBOARD_ORIGIN: originList,
  // The built dashboard the api serves (unset: apps/dashboard/dist of this checkout; empty: none).
  IOC_DASHBOARD_DIR: z.string().trim().optional(),
  IOC_REFRESH_TOKEN_DAYS: positiveInt(30, 'days a refresh token lives after its last use'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  MQTT_URL: optionalUrl(['mqtt', 'mqtts', 'ws', 'wss', 'tcp']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  IOC_DATA_DIR: z.string().min(1, { message: 'a directory path' }).default('./data'),
  IOC_EMBEDDED_DB_PORT: port(54329),
  IOC_EMBEDDED_MQTT_PORT: port(18830),
  // The embedded broker's largest packet from a device: a 256 KiB sensor message with its topic.
  IOC_MQTT_MAX_PACKET_BYTES: positiveInt(264 * 1024, 'bytes of one MQTT packet from a device'),
  IOC_BROKER_SERVICE_PASSWORD: z
    .string()
    .min(8, { message: 'at least 8 characters' })
    .default('ioc-service-demo'),
  IOC_DEVICES_FILE: z.string().optional(),
  IOC_DEMO: booleanFlag(false),
  IOC_DEMO_PASSWORD: z.string().min(4, { message: 'at least 4 characters' }).default('ioc-demo'),
  // Signs the api's access tokens; every api replica needs the same one. Required outside demo mode.
  IOC_JWT_SECRET: z.string().min(32, { message: 'a secret of at least 32 characters' }).optional(),
  // Bearer token a Prometheus scraper sends to GET /api/metrics (admins' own tokens work too).
  IOC_METRICS_TOKEN: z.string().min(16, { message: 'a token of at least 16 characters' }).optional(),
  IOC_RETENTION_DAYS: positiveInt(90, 'days of raw readings to keep'),
  IOC_COMPRESS_AFTER_DAYS: positiveInt(7, 'days after which chunks are compressed'),
  IOC_INGEST_SHARE_GROUP: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, { message: 'letters, digits, - or _ (an MQTT shared-subscription group)' })
    .default(''),
  IOC_INGEST_INSTANCE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{0,64}$/, {
      message: 'letters, digits, ., - or _ (the MQTT client id of this ingest replica)',
    })
    .default(''),
  IOC_API_INSTANCE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{0,64}$/, {
      message: 'letters, digits, ., - or _ (the MQTT client id of the rules of this api replica)',
    })
    .default(''),
  IOC_MAINTENANCE_INTERVAL_S: positiveInt(60, 'seconds between aggregate refreshes in embedded mode'),
  // Detection (apps/ingest/src/detection): where model files are, how many CPU threads one inference uses.
  IOC_MODELS_DIR: z.string().trim().min(1, { message: 'a directory path' }).optional(),
  // 2 workers x 1 thread rather than 1 x 2: two single-threaded inferences never wait on each
  // other, where the 2 threads of one inference meet at a barrier after every operator and wait
  // for whichever the ffmpeg decoders took the core from (bench:detect on 2 cores: ratio 0.95 and
  // 10 cameras sustained, against 0.57 and 6 cameras with 1 x 2).
  IOC_DETECT_THREADS: positiveInt(1, 'intra-op threads of one ONNX inference'),
  IOC_DETECT_WORKERS: positiveInt(2, 'worker threads, each with its own copy of a model'),
  IOC_DETECT_QUEUE_FRAMES: positiveInt(2, 'frames waiting per camera before the oldest is dropped'),
  // A device silent this long is marked offline (and announced); sensors report every 10-60 s.
  IOC_DEVICE_OFFLINE_AFTER_S: positiveInt(300, 'seconds of silence before a device is offline'),
  // Off by default: on a shared broker an unknown id is more often a typo or an intruder than a device.
  IOC_AUTO_REGISTER_DEVICES: booleanFlag(false),
  // Cameras (apps/ingest/src/cameras): the embedded node-media-server the ingest relays to (RTMP in,
  // HTTP-FLV out, both on IOC_MEDIA_HOST) and where the api reaches it; cameras registered from a file.
  // 0.0.0.0 where the api runs on another host (containers): publishing and playing are signed anyway.
  IOC_MEDIA_HOST: z
    .string()
    .trim()
    .min(1, { message: 'an interface address, e.g. 0.0.0.0' })
    .default('127.0.0.1'),
  IOC_MEDIA_RTMP_PORT: port(19350),
  IOC_MEDIA_HTTP_PORT: port(18080),
  IOC_MEDIA_HTTP_URL: optionalUrl(['http', 'https']),
  // Several ingest replicas: where the api reaches THIS replica's media server (its own address,
  // e.g. http://<pod ip>:18080), kept beside its heartbeat, so that the api plays each camera from
  // the replica holding it. Unset: the api plays every camera from IOC_MEDIA_HTTP_URL.
  IOC_MEDIA_ADVERTISED_URL: optionalUrl(['http', 'https']),
  // Signs play URLs of that media server: the api signs, the ingest checks; the same value on both.
  // Required outside demo mode (media-play.ts).
  IOC_MEDIA_PLAY_SECRET: z.string().min(32, { message: 'a secret of at least 32 characters' }).optional(),
  IOC_CAMERAS_FILE: z.string().optional(),
  IOC_CAMERA_STALL_S: positiveInt(5, 'seconds without a frame before a camera pipeline restarts'),
  // Each ingest replica pulls the cameras it holds a lease on; a dead replica's cameras are taken
  // over within TTL + TTL/3 (docs/decisions.md, "Camera leases").
  IOC_CAMERA_LEASE_TTL_S: positiveInt(15, 'seconds a camera lease lasts unless its ingest replica renews it'),
  // Recordings (apps/ingest/src/recordings): the storage every ingest replica and the api reach
  // (unset: <IOC_DATA_DIR>/recordings), a budget for all cameras, the free disk below which the oldest
  // go first and then recording stops, segment length and how often retention runs.
  IOC_RECORDINGS_DIR: z.string().trim().min(1, { message: 'a directory path' }).optional(),
  IOC_RECORDINGS_MAX_MB: positiveInt(100_000, 'megabytes all recordings may take together'),
  IOC_RECORDINGS_MIN_FREE_MB: positiveInt(2048, 'megabytes of free disk kept; below, recording stops'),
  IOC_RECORDINGS_SEGMENT_S: positiveInt(4, 'seconds of one recording segment (cut on the next key frame)'),
  IOC_RECORDINGS_SWEEP_S: positiveInt(30, 'seconds between retention sweeps and free-disk checks'),
  // Segments overlapping an existing alert's clip window are kept past their days and the budget.
  IOC_RECORDINGS_KEEP_ALERT_CLIPS: booleanFlag(true),
  // The wall's map: a GeoJSON file of the site's boundaries, served by GET /api/map/boundaries, and
  // the MapLibre style of the site's tile server (unset: the boundaries on a plain background).
  IOC_MAP_BOUNDARIES_FILE: z.string().trim().optional(),
  IOC_MAP_STYLE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^https?:\/\/[^/]/.test(v), {
      message: 'an http:// or https:// URL of a MapLibre style, or unset for a plain background',
    }),
})

export type IocEnv = z.infer<typeof iocEnvSchema>

/** The embedded database URL that services use when DATABASE_URL is unset. */
export function embeddedDatabaseUrl(env: Pick<IocEnv, 'IOC_EMBEDDED_DB_PORT'>): string {
  return `postgres://postgres@127.0.0.1:${env.IOC_EMBEDDED_DB_PORT}/postgres`
}

/** The user name of the IOC's own services on the embedded broker (devices log in as their id). */
export const brokerServiceUser = 'ioc-service'

/** The embedded broker's URL, with the services' credentials: it admits no one anonymously. */
export function embeddedMqttUrl(
  env: Pick<IocEnv, 'IOC_EMBEDDED_MQTT_PORT' | 'IOC_BROKER_SERVICE_PASSWORD'>,
): string {
  return `mqtt://${brokerServiceUser}:${encodeURIComponent(env.IOC_BROKER_SERVICE_PASSWORD)}@127.0.0.1:${env.IOC_EMBEDDED_MQTT_PORT}`
}

/** Where recordings are kept: IOC_RECORDINGS_DIR, or `recordings` in the data directory. */
export function recordingsDir(env: Pick<IocEnv, 'IOC_RECORDINGS_DIR' | 'IOC_DATA_DIR'>): string {
  return env.IOC_RECORDINGS_DIR ?? `${env.IOC_DATA_DIR.replace(/\/+$/, '')}/recordings`
}
