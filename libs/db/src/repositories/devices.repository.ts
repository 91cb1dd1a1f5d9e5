import type { Pool } from '../connection.js'

export interface DeviceRecord {
  id: string
  kind: string
  name: string
  lat: number | null
  lon: number | null
  district: string | null
  /** Metric names; units and labels come from the catalog of libs/contracts. */
  metrics: string[]
  lastSeen: Date | null
  online: boolean
}

const columns = `id, kind, name, lat, lon, district, metrics, last_seen as "lastSeen", online`

export class DevicesRepository {
  constructor(private readonly pool: Pool) {}

  /** Creates or updates a device; a null password hash keeps the stored one. */
  async upsert(
    device: Omit<DeviceRecord, 'lastSeen' | 'online'>,
    passwordHash: string | null,
  ): Promise<DeviceRecord> {
    const result = await this.pool.query<DeviceRecord>(
      `insert into devices (id, kind, name, lat, lon, district, metrics, password_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do update set kind = excluded.kind, name = excluded.name, lat = excluded.lat,
         lon = excluded.lon, district = excluded.district, metrics = excluded.metrics,
         password_hash = coalesce(excluded.password_hash, devices.password_hash), updated_at = now()
       returning ${columns}`,
      [
        device.id,
        device.kind,
        device.name,
        device.lat,
        device.lon,
        device.district,
        JSON.stringify(device.metrics),
        passwordHash,
      ],
    )
    return result.rows[0]!
  }

  async list(): Promise<DeviceRecord[]> {
    return (await this.pool.query<DeviceRecord>(`select ${columns} from devices order by id`)).rows
  }

  async get(id: string): Promise<DeviceRecord | null> {
    return (
      (await this.pool.query<DeviceRecord>(`select ${columns} from devices where id = $1`, [id])).rows[0] ??
      null
    )
  }

  async passwordHash(id: string): Promise<string | null> {
    const result = await this.pool.query<{ hash: string | null }>(
      'select password_hash as hash from devices where id = $1',
      [id],
    )
    return result.rows[0]?.hash ?? null
  }

  /** Last seen only moves forward, whatever order batches arrive in. */
  async markSeen(seen: ReadonlyMap<string, Date>): Promise<void> {
    if (seen.size === 0) return
    await this.pool.query(
      `update devices d set last_seen = greatest(d.last_seen, s.ts), online = true
       from unnest($1::text[], $2::timestamptz[]) as s(id, ts) where d.id = s.id`,
      [[...seen.keys()], [...seen.values()]],
    )
  }
}
