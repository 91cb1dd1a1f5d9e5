import { Logger } from '@nestjs/common'
import { exitUnlessStoppedWithin, loadConfigOrExit, maskUrlPassword } from '@ioc/config'
import type { Database } from '@ioc/db'
import { createApi } from './bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from './config.js'
import { DATABASE } from './database/database.module.js'
import { HealthService } from './health/health.service.js'

const config = resolveApiConfig(loadConfigOrExit(apiEnvSchema))
const logger = new Logger('api')

async function main() {
  const app = await createApi(config)
  // Nest's shutdown hooks close HTTP, sockets, MQTT and the pool on these signals; from the signal
  // on, readiness fails (load balancers stop sending) and the whole stop has a bound.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      logger.log(`${signal}: stopping (at most ${config.env.IOC_SHUTDOWN_TIMEOUT_S} s)`)
      app.get(HealthService).stopping = true
      exitUnlessStoppedWithin(config.env.IOC_SHUTDOWN_TIMEOUT_S * 1000, (line) => logger.error(line))
    })
  try {
    await app.listen(config.env.PORT, config.env.HOST)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.env.PORT} of ${config.env.HOST} is already in use; stop what holds it or set PORT`,
        {
          cause: err,
        },
      )
    }
    throw err
  }
  const { dialect } = app.get<Database>(DATABASE)
  const host = config.env.HOST.includes(':') ? `[${config.env.HOST}]` : config.env.HOST
  logger.log(
    `listening on http://${host}:${config.env.PORT}/api (database ${maskUrlPassword(config.databaseUrl)}, dialect ${dialect})${config.dashboardDir ? `, dashboard ${config.dashboardDir}` : ''}`,
  )
}

main().catch((err: Error) => {
  // One clear line for the operator; the stack only when debugging.
  process.stderr.write(`[api] cannot start: ${err.message}\n`)
  if (config.env.LOG_LEVEL === 'debug') process.stderr.write(`${err.stack}\n`)
  process.exit(1)
})
