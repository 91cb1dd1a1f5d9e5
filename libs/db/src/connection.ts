import pg from 'pg'
import { maskUrlPassword } from '@ioc/config'

export type Pool = pg.Pool

/** A database error that explains itself to an operator, without the password. */
export class DatabaseUnreachableError extends Error {
  /** The URL without its password: error reporters print every property of an error. */
  readonly url: string

  constructor(url: string, cause: unknown) {
    super(`cannot reach the database at ${maskUrlPassword(url)}: ${describeCause(cause)}`, { cause })
    this.name = 'DatabaseUnreachableError'
    this.url = maskUrlPassword(url)
  }
}

function describeCause(cause: unknown): string {
  const err = cause as { code?: string; message?: string }
  switch (err?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running, and on that port?)'
    case 'ENOTFOUND':
      return 'host not found (check the host name)'
    case 'ETIMEDOUT':
      return 'timed out (check the host, port and firewall)'
    case '28P01':
    case '28000':
      return 'authentication failed (check the user and password)'
    case '3D000':
      return 'the database does not exist'
    default:
      return err?.message ?? String(cause)
  }
}

export interface PoolOptions {
  max?: number
  connectTimeoutMs?: number
  applicationName?: string
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: options.applicationName ?? 'ioc',
  })
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  return pool
}

/** Fails fast with a DatabaseUnreachableError instead of a stack trace from deep inside pg. */
export async function checkConnection(pool: Pool, url: string): Promise<void> {
  try {
    await pool.query('select 1')
  } catch (err) {
    throw new DatabaseUnreachableError(url, err)
  }
}

/**
 * True when retrying cannot help: the rows themselves are wrong (SQLSTATE classes 22 data exception,
 * 23 integrity violation, 42 syntax or access). Connection failures and server restarts are not.
 */
export function isPermanentDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && /^(22|23|42)/.test(code)
}
