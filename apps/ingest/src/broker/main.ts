// The embedded MQTT broker as a process of its own: `npm run demo` starts it when MQTT_URL is unset.
import { iocEnvSchema, loadConfigOrExit } from '@ioc/config'
import { startEmbeddedBroker } from './embedded-broker.js'

const env = loadConfigOrExit(iocEnvSchema.pick({ IOC_EMBEDDED_MQTT_PORT: true }))
const log = (line: string) => process.stdout.write(`[broker] ${line}\n`)

async function main() {
  const broker = await startEmbeddedBroker({ port: env.IOC_EMBEDDED_MQTT_PORT })
  log(`aedes ready at ${broker.url}`)
  const stop = async (signal: string) => {
    log(`${signal}: stopping`)
    await broker.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: Error) => {
  process.stderr.write(`[broker] cannot start: ${err.message}\n`)
  process.exit(1)
})
