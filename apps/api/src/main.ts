import { Logger } from '@nestjs/common'
import { loadConfigOrExit, maskUrlPassword } from '@ioc/config'
import type { Database } from '@ioc/db'
import { createApi } from './bootstrap.js'
import { apiEnvSchema, resolveApiConfig } from './config.js'
import { DATABASE } from './database/database.module.js'

const config = resolveApiConfig(loadConfigOrExit(apiEnvSchema))
const logger = new Logger('api')

async function main() {
  const app = await createApi(config)
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
