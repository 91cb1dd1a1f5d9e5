// Test support shared by every project whose tests touch SQL: the same suite runs against the
// embedded PGlite-TimescaleDB and against a real PostgreSQL server, never a mock.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/embedded-server.js'

export interface TestDatabase {
  url: string
  /** Stops the embedded server or drops the database, and deletes what the test left on disk. */
  dispose(): Promise<void>
}

export interface TestTarget {
  name: 'embedded' | 'postgres'
  expectedDialect: 'timescaledb' | 'postgres'
  create(): Promise<TestDatabase>
}

export const testPostgresUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      )
    })
  })
}

export async function createEmbeddedTestDatabase(
  dataDir?: string,
): Promise<TestDatabase & { server: EmbeddedDatabase }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'ioc-pglite-')))
  const server = await startEmbeddedDatabase({ dataDir: dir, port: await freePort() })
  return {
    url: server.url,
    server,
    async dispose() {
      await server.stop()
      if (!dataDir) await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A fresh database on the PostgreSQL server for each suite, dropped afterwards. */
export async function createPostgresTestDatabase(serverUrl = testPostgresUrl): Promise<TestDatabase> {
  const name = `ioc_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async dispose() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

export const testTargets: TestTarget[] = [
  { name: 'embedded', expectedDialect: 'timescaledb', create: () => createEmbeddedTestDatabase() },
  { name: 'postgres', expectedDialect: 'postgres', create: () => createPostgresTestDatabase() },
]
