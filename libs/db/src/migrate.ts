import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Pool } from './connection.js'
import type { Dialect } from './dialect.js'

/** Shipped with the package, beside src/ and dist/. */
export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
  checksum: string
}

// File names: NNNN_name.sql runs on every dialect; NNNN_name.<dialect>.sql only on that dialect.
const fileName = /^(\d{4})_([a-z0-9_]+?)(?:\.(timescaledb|postgres))?\.sql$/

export async function loadMigrations(dialect: Dialect, dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).sort()
  const migrations: Migration[] = []
  for (const file of files) {
    const match = fileName.exec(file)
    if (!match) continue
    const [, version, name, onlyFor] = match
    if (onlyFor && onlyFor !== dialect) continue
    const sql = await readFile(`${dir}/${file}`, 'utf8')
    migrations.push({
      version: Number(version),
      name: `${version}_${name}`,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
    })
  }
  const seen = new Set<number>()
  for (const m of migrations) {
    if (seen.has(m.version))
      throw new Error(`two migrations share version ${m.version} for dialect ${dialect}`)
    seen.add(m.version)
  }
  return migrations
}

/**
 * Applies what is not yet recorded, each migration in its own transaction with its record, so a
 * failure leaves nothing half-applied. An advisory lock keeps two replicas starting at once apart.
 * Returns the names applied by this call (empty when already up to date).
 */
export async function migrate(pool: Pool, dialect: Dialect, dir = migrationsDir): Promise<string[]> {
  const migrations = await loadMigrations(dialect, dir)
  const client = await pool.connect()
  const applied: string[] = []
  try {
    await client.query(`create table if not exists ioc_migrations (
      version integer primary key, name text not null, dialect text not null,
      checksum text not null, applied_at timestamptz not null default now())`)
    await client.query(`select pg_advisory_lock(hashtext('ioc_migrations'))`)
    try {
      const done = await client.query<{ version: number; checksum: string; name: string }>(
        'select version, checksum, name from ioc_migrations',
      )
      const byVersion = new Map(done.rows.map((r) => [r.version, r]))
      for (const m of migrations) {
        const previous = byVersion.get(m.version)
        if (previous) {
          if (previous.checksum !== m.checksum) {
            throw new Error(
              `migration ${m.name} was changed after it was applied (checksum ${previous.checksum} -> ${m.checksum}); add a new migration instead`,
            )
          }
          continue
        }
        await client.query('begin')
        try {
          await client.query(m.sql)
          await client.query(
            'insert into ioc_migrations (version, name, dialect, checksum) values ($1, $2, $3, $4)',
            [m.version, m.name, dialect, m.checksum],
          )
          await client.query('commit')
          applied.push(m.name)
        } catch (err) {
          await client.query('rollback')
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err })
        }
      }
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('ioc_migrations'))`)
    }
  } finally {
    client.release()
  }
  return applied
}

/**
 * The migrations of this build that the database has not recorded: readiness (a replica whose
 * database lacks a migration it relies on is not ready). `migrations` from `loadMigrations`, read
 * once by the caller. Every one of them when the record table itself is missing.
 */
export async function pendingMigrations(pool: Pool, migrations: readonly Migration[]): Promise<string[]> {
  let done: Set<number>
  try {
    const rows = await pool.query<{ version: number }>('select version from ioc_migrations')
    done = new Set(rows.rows.map((r) => r.version))
  } catch (err) {
    if ((err as { code?: string }).code !== '42P01') throw err
    done = new Set()
  }
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.name)
}
