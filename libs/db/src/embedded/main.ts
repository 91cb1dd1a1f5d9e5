#!/usr/bin/env node
// The embedded database as a process of its own: `npm run demo` starts it when DATABASE_URL is unset.
import { join } from 'node:path'
import { iocEnvSchema, loadConfigOrExit } from '@ioc/config'
import { openDatabase } from '../database.js'
import { startMaintenanceTimer } from '../maintenance-timer.js'
import { startEmbeddedDatabase } from './embedded-server.js'

const env = loadConfigOrExit(
  iocEnvSchema.pick({
    IOC_DATA_DIR: true,
    IOC_EMBEDDED_DB_PORT: true,
    IOC_RETENTION_DAYS: true,
    IOC_COMPRESS_AFTER_DAYS: true,
    IOC_MAINTENANCE_INTERVAL_S: true,
  }),
)
const log = (line: string) => process.stdout.write(`[db] ${line}\n`)
const policy = { retentionDays: env.IOC_RETENTION_DAYS, compressAfterDays: env.IOC_COMPRESS_AFTER_DAYS }

async function main() {
  const started = Date.now()
  const server = await startEmbeddedDatabase({
    dataDir: join(env.IOC_DATA_DIR, 'pglite'),
    port: env.IOC_EMBEDDED_DB_PORT,
  })
  // Migrate before anyone else connects: PGlite is one session, so advisory locks cannot keep
  // two migrating services apart here as they do on a real server.
  const db = await openDatabase({
    url: server.url,
    policy,
    max: 2,
    applicationName: 'ioc-embedded-maintenance',
  })
  const maintenance = startMaintenanceTimer(
    db.pool,
    db.dialect,
    policy,
    env.IOC_MAINTENANCE_INTERVAL_S * 1000,
    log,
    // the only process that runs it on this database, and PGlite's one session cannot exclude anyone
    { exclusive: false },
  )
  log(`PGlite + TimescaleDB ready at ${server.url} (data in ${server.dataDir}, ${Date.now() - started} ms)`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping`)
    await maintenance.stop()
    await db.close()
    await server.stop()
    log('stopped; data saved')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: Error) => {
  process.stderr.write(`[db] cannot start the embedded database: ${err.message}\n`)
  process.exit(1)
})
