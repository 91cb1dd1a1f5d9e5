// PGlite has one session for every client of the embedded server: these are the interleavings
// that once hung a client or sent it another client's answer (see whole-exchanges.ts).
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createEmbeddedTestDatabase, type TestDatabase } from '../src/testing.js'

let db: TestDatabase
beforeAll(async () => {
  db = await createEmbeddedTestDatabase()
})
afterAll(async () => {
  await db?.dispose()
})

const withinSeconds = <T>(s: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`no answer within ${s} s`)), s * 1000)),
  ])

it('answers every client its own rows while others log in, query, use transactions and leave', async () => {
  const pool = new pg.Pool({ connectionString: db.url, max: 4 })
  await pool.query('create table if not exists tally (client int, n int)')
  const wrong: string[] = []
  const query = async (i: number) => {
    const { rows } = await pool.query<{ n: number; s: string }>(
      'select $1::int + 1 as n, repeat($2, $1::int) as s',
      [i, 'x'],
    )
    if (rows[0]?.n !== i + 1 || rows[0]?.s.length !== i) wrong.push(`query ${i}: ${JSON.stringify(rows)}`)
  }
  // each a new connection: a log-in in the middle of the pool's exchanges
  const shortLived = async (k: number) => {
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const { rows } = await client.query<{ k: number }>('select $1::int as k', [k])
    if (rows[0]?.k !== k) wrong.push(`client ${k}: ${JSON.stringify(rows)}`)
    await client.end()
  }
  const transaction = async (k: number) => {
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query('insert into tally values ($1, 1), ($1, 2)', [k])
      const { rows } = await client.query<{ total: string }>(
        'select sum(n) as total from tally where client = $1',
        [k],
      )
      if (rows[0]?.total !== '3') wrong.push(`transaction ${k}: ${JSON.stringify(rows)}`)
      await client.query('commit')
    } finally {
      client.release()
    }
  }
  const work: Promise<void>[] = []
  for (let i = 0; i < 300; i++) {
    work.push(query(i % 97))
    if (i % 10 === 0) work.push(shortLived(i))
    if (i % 25 === 0) work.push(transaction(i))
  }
  await withinSeconds(60, Promise.all(work))
  await withinSeconds(10, pool.end())
  expect(wrong).toEqual([])
}, 90_000)
