import type { Database } from '@ioc/db'

/** Readings stored for devices whose id starts with `prefix`: rows, and distinct (device, ts). */
export async function readingCounts(
  db: Database,
  prefix: string,
): Promise<{ stored: number; distinct: number }> {
  const { rows } = await db.pool.query<{ stored: number; distinct: number }>(
    `select count(*)::int as stored, count(distinct (device_id, ts))::int as distinct
     from sensor_readings where device_id like $1`,
    [`${prefix}%`],
  )
  return rows[0]!
}

/** Polls `check` every 250 ms until it gives a truthy value; fails after `ms`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | null | false | undefined> | T,
  ms: number,
): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
