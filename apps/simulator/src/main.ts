// Simulated sensors around Quảng Nam for `npm run demo` and the benchmarks: they know only the wire.
import { z } from 'zod'
import { buildFleet, deviceRegistrations } from './sensors/fleet.js'
import { SensorSimulator } from './sensors/sensor-simulator.js'

const env = z
  .object({
    MQTT_URL: z
      .string()
      .optional()
      .transform((v) => v || undefined),
    IOC_EMBEDDED_MQTT_PORT: z.coerce.number().int().min(1).max(65535).default(18830),
    IOC_SIM_DEVICES: z.coerce.number().int().min(0).max(10_000).default(24),
    IOC_SIM_INTERVAL_MS: z.coerce.number().int().min(10).default(5000),
    IOC_SIM_DEVICE_PASSWORD: z.string().min(8).default('ioc-device-demo'),
  })
  .safeParse(process.env)
if (!env.success) {
  for (const issue of env.error.issues)
    process.stderr.write(`[simulator] ${issue.path.join('.')}: ${issue.message}\n`)
  process.exit(2)
}
const config = env.data
const log = (line: string) => process.stdout.write(`[simulator] ${line}\n`)

const devices = buildFleet(config.IOC_SIM_DEVICES)
// `--devices-json`: print the fleet for the registry (the demo hands it to the broker) and stop
if (process.argv.includes('--devices-json')) {
  process.stdout.write(
    `${JSON.stringify(
      deviceRegistrations(devices, () => config.IOC_SIM_DEVICE_PASSWORD),
      null,
      2,
    )}\n`,
  )
  process.exit(0)
}
const simulator = new SensorSimulator({
  brokerUrl: config.MQTT_URL ?? `mqtt://127.0.0.1:${config.IOC_EMBEDDED_MQTT_PORT}`,
  devices,
  intervalMs: config.IOC_SIM_INTERVAL_MS,
  passwordOf: () => config.IOC_SIM_DEVICE_PASSWORD,
  log,
})
await simulator.start()
log(`${devices.length} sensors publishing every ${config.IOC_SIM_INTERVAL_MS / 1000} s`)
const report = setInterval(
  () => log(`${simulator.published} readings published, ${simulator.failed} failed`),
  60_000,
)
report.unref()

const stop = async (signal: string) => {
  log(`${signal}: stopping`)
  await simulator.stop()
  process.exit(0)
}
process.once('SIGINT', () => void stop('SIGINT'))
process.once('SIGTERM', () => void stop('SIGTERM'))
