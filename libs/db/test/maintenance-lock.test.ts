// Two replicas on one PostgreSQL server run maintenance one at a time (the advisory lock of
// startMaintenanceTimer), and the other takes over when the one running it is gone.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, startMaintenanceTimer, type Database, type MaintenanceTimer } from '../src/index.js'
import { createPostgresTestDatabase, type TestDatabase } from '../src/testing.js'

const policy = { retentionDays: 90, compressAfterDays: 7 }

describe('maintenance on two replicas of one PostgreSQL database', () => {
  let env: TestDatabase
  let replicas: Database[] = []
  const timers: MaintenanceTimer[] = []
  let blocker: pg.Client
  // its own connection: inside the blocker's transaction pg_stat_activity would stay a snapshot
  let observer: pg.Client

  beforeAll(async () => {
    env = await createPostgresTestDatabase()
    replicas = [
      await openDatabase({ url: env.url, policy, applicationName: 'ioc-test-replica-a' }),
      await openDatabase({ url: env.url, policy, applicationName: 'ioc-test-replica-b' }),
    ]
    blocker = new pg.Client({ connectionString: env.url })
    await blocker.connect()
    observer = new pg.Client({ connectionString: env.url })
    await observer.connect()
  }, 60_000)

  afterAll(async () => {
    for (const t of timers) await t.stop()
    await blocker?.end().catch(() => undefined)
    await observer?.end().catch(() => undefined)
    for (const db of replicas) await db.close()
    await env?.dispose()
  })

  /** Sessions of this database deleting old camera_health rows: the retention step of a run. */
  const runningDeletes = async () =>
    (
      await observer.query<{ app: string }>(
        `select application_name as app from pg_stat_activity
         where datname = current_database() and query like 'delete from camera_health%' `,
      )
    ).rows.map((r) => r.app)

  it('runs on one replica at a time; the other skips until the first is gone', async () => {
    // A run blocks on camera_health while the test holds it: runs last as long as the test wants.
    await blocker.query('begin')
    await blocker.query('lock table camera_health in access exclusive mode')
    const lines: string[][] = [[], []]
    for (const [i, db] of replicas.entries())
      timers.push(startMaintenanceTimer(db.pool, db.dialect, policy, 100, (l) => lines[i]!.push(l)))

    // both tick every 100 ms for 1.5 s: one run is stuck in its delete, the other replica skips
    await expect.poll(runningDeletes, { timeout: 10_000 }).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 1500))
    const [holder] = await runningDeletes()
    expect(await runningDeletes()).toEqual([holder])
    const holderIndex = holder === 'ioc-test-replica-a' ? 0 : 1
    const other = timers[1 - holderIndex]!
    expect(other.status().skipped).toBeGreaterThanOrEqual(8)
    expect(other.status().runs).toBe(0)
    expect(other.summary()).toEqual({ ok: true, detail: expect.stringMatching(/^run by another replica/) })
    expect(lines[1 - holderIndex]).toEqual([
      'maintenance: another replica holds the maintenance lock and runs it; skipped',
    ])

    // released: the runs go on, still never two at once
    await blocker.query('commit')
    await expect
      .poll(() => timers[0]!.status().runs + timers[1]!.status().runs, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5)
    for (const t of timers) expect(t.status().failedSteps).toBe(0)

    // the replica that ran it stops for good (its pool closes): the other one takes over
    await timers[holderIndex]!.stop()
    await replicas[holderIndex]!.close()
    const before = other.status().runs
    await expect.poll(() => other.status().runs, { timeout: 10_000 }).toBeGreaterThan(before + 2)
  }, 60_000)
})
