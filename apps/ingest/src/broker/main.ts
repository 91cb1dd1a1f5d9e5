// The embedded MQTT broker as a process of its own: `npm run demo` starts it when MQTT_URL is unset.
// It admits the IOC's services and registered devices only (see device-access.ts).
import { brokerServiceUser, embeddedDatabaseUrl, iocEnvSchema, loadConfigOrExit } from '@ioc/config'
import { openDatabase } from '@ioc/db'
import { DeviceAccess } from './device-access.js'
import { startEmbeddedBroker } from './embedded-broker.js'
import { provisionDevices } from './provision-devices.js'

const env = loadConfigOrExit(
  iocEnvSchema.pick({
    DATABASE_URL: true,
    IOC_EMBEDDED_DB_PORT: true,
    IOC_EMBEDDED_MQTT_PORT: true,
    IOC_MQTT_MAX_PACKET_BYTES: true,
    IOC_BROKER_SERVICE_PASSWORD: true,
    IOC_DEVICES_FILE: true,
    IOC_RETENTION_DAYS: true,
    IOC_COMPRESS_AFTER_DAYS: true,
  }),
)
const log = (line: string) => process.stdout.write(`[broker] ${line}\n`)

async function main() {
  // device credentials live in the database, beside the devices
  const db = await openDatabase({
    url: env.DATABASE_URL ?? embeddedDatabaseUrl(env),
    policy: { retentionDays: env.IOC_RETENTION_DAYS, compressAfterDays: env.IOC_COMPRESS_AFTER_DAYS },
    max: 2,
    applicationName: 'ioc-broker',
  })
  if (env.IOC_DEVICES_FILE) {
    log(
      `${await provisionDevices(env.IOC_DEVICES_FILE, db.devices)} devices registered from ${env.IOC_DEVICES_FILE}`,
    )
  }
  const access = new DeviceAccess({
    devices: db.devices,
    serviceUser: brokerServiceUser,
    servicePassword: env.IOC_BROKER_SERVICE_PASSWORD,
  })
  const broker = await startEmbeddedBroker({
    port: env.IOC_EMBEDDED_MQTT_PORT,
    access,
    maxPacketBytes: env.IOC_MQTT_MAX_PACKET_BYTES,
    log,
  })
  log(
    `aedes ready at ${broker.url} (devices log in with their id and password, packets up to ${env.IOC_MQTT_MAX_PACKET_BYTES} bytes)`,
  )
  const stop = async (signal: string) => {
    log(`${signal}: stopping`)
    await broker.stop()
    await db.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: Error) => {
  process.stderr.write(`[broker] cannot start: ${err.message}\n`)
  process.exit(1)
})
