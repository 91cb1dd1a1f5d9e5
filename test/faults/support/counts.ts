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

/** The numbers of the fleet's messages not stored (ts = base + i s), with when each was sent. */
export async function missingReadings(
  db: Database,
  prefix: string,
  fleet: { base: number; sent: number; sentAt: readonly number[] },
): Promise<{ i: number; sentAt: number }[]> {
  const { rows } = await db.pool.query<{ ts: Date }>(
    `select ts from sensor_readings where device_id like $1`,
    [`${prefix}%`],
  )
  const stored = new Set(rows.map((r) => (r.ts.getTime() - fleet.base) / 1000))
  const missing: { i: number; sentAt: number }[] = []
  for (let i = 0; i < fleet.sent; i++) if (!stored.has(i)) missing.push({ i, sentAt: fleet.sentAt[i]! })
  return missing
}
