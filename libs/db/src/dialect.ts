import type { Pool } from './connection.js'

export type Dialect = 'timescaledb' | 'postgres'

/**
 * TimescaleDB when the extension is installed or can be installed here; plain PostgreSQL otherwise
 * (managed services without TimescaleDB). A server that lists the extension but does not preload
 * it refuses CREATE EXTENSION: that is plain PostgreSQL too.
 */
export async function detectDialect(pool: Pool): Promise<Dialect> {
  const installed = await pool.query(`select 1 from pg_extension where extname = 'timescaledb'`)
  if (installed.rowCount) return 'timescaledb'
  const available = await pool.query(`select 1 from pg_available_extensions where name = 'timescaledb'`)
  if (!available.rowCount) return 'postgres'
  try {
    await pool.query('create extension if not exists timescaledb')
    return 'timescaledb'
  } catch {
    return 'postgres'
  }
}
