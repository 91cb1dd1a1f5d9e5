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
    await app.listen(config.env.PORT)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${config.env.PORT} is already in use; stop what holds it or set PORT`, {
        cause: err,
      })
    }
    throw err
  }
  const { dialect } = app.get<Database>(DATABASE)
  logger.log(
    `listening on http://localhost:${config.env.PORT}/api (database ${maskUrlPassword(config.databaseUrl)}, dialect ${dialect})`,
  )
}

main().catch((err: Error) => {
  // One clear line for the operator; the stack only when debugging.
  process.stderr.write(`[api] cannot start: ${err.message}\n`)
  if (config.env.LOG_LEVEL === 'debug') process.stderr.write(`${err.stack}\n`)
  process.exit(1)
})
