import { checkConnection, createPool, type Pool, type PoolOptions } from './connection.js'
import { detectDialect, type Dialect } from './dialect.js'
import { migrate } from './migrate.js'
import { applyPolicies, type StoragePolicy } from './policies.js'
import { CountsRepository } from './repositories/counts.repository.js'
import { DeadLettersRepository } from './repositories/dead-letters.repository.js'
import { DevicesRepository } from './repositories/devices.repository.js'
import { KpisRepository } from './repositories/kpis.repository.js'
import { ReadingsRepository } from './repositories/readings.repository.js'
import { UsersRepository } from './repositories/users.repository.js'

export interface Database {
  pool: Pool
  dialect: Dialect
  readings: ReadingsRepository
  counts: CountsRepository
  devices: DevicesRepository
  deadLetters: DeadLettersRepository
  users: UsersRepository
  kpis: KpisRepository
  close(): Promise<void>
}

export interface OpenDatabaseOptions extends PoolOptions {
  url: string
  policy: StoragePolicy
  /** Only one service should migrate on start; the others just connect. */
  migrate?: boolean
}

export const defaultPolicy: StoragePolicy = { retentionDays: 90, compressAfterDays: 7 }

/** Connects, detects the dialect, migrates and installs policies: what every service does at start. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const pool = createPool(options.url, options)
  try {
    await checkConnection(pool, options.url)
    const dialect = await detectDialect(pool)
    if (options.migrate ?? true) {
      await migrate(pool, dialect)
      await applyPolicies(pool, dialect, options.policy)
    }
    let closing: Promise<void> | undefined
    return {
      pool,
      dialect,
      readings: new ReadingsRepository(pool, dialect, !(await isEmbedded(pool))),
      counts: new CountsRepository(pool, dialect),
      devices: new DevicesRepository(pool),
      deadLetters: new DeadLettersRepository(pool),
      users: new UsersRepository(pool),
      kpis: new KpisRepository(pool),
      // once: Nest's signal hooks may run after an explicit close
      close: () => (closing ??= pool.end()),
    }
  } catch (err) {
    await pool.end().catch(() => {})
    throw err
  }
}

/** PGlite (WebAssembly, compiled by Emscripten) says so in its version string. */
async function isEmbedded(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ version: string }>('select version()')
  return /emscripten|wasm/i.test(rows[0]?.version ?? '')
}
