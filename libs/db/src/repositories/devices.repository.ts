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

  /** Ids of every registered device: the ingest's cache of who may send readings. */
  async ids(): Promise<string[]> {
    return (await this.pool.query<{ id: string }>('select id from devices')).rows.map((r) => r.id)
  }

  /** Registers devices that announced themselves (auto-registration); existing ones are left as they are. */
  async registerUnknown(devices: readonly Omit<DeviceRecord, 'lastSeen' | 'online'>[]): Promise<void> {
    if (devices.length === 0) return
    await this.pool.query(
      `insert into devices (id, kind, name, metrics)
       select id, kind, name, metrics::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::text[])
         as d(id, kind, name, metrics)
       on conflict (id) do nothing`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.kind),
        devices.map((d) => d.name),
        devices.map((d) => JSON.stringify(d.metrics)),
      ],
    )
  }

  /**
   * Records when devices were last heard from; last seen only moves forward, whatever order
   * batches arrive in. Returns the devices this call brought back online: the row lock makes each
   * transition visible to exactly one caller, so several ingest replicas announce it once.
   */
  async markSeen(seen: ReadonlyMap<string, Date>): Promise<DeviceLiveness[]> {
    if (seen.size === 0) return []
    const result = await this.pool.query<DeviceLiveness & { changed: boolean }>(
      `with s as (select * from unnest($1::text[], $2::timestamptz[]) as s(id, ts)),
       before as (select d.id, d.online from devices d join s on s.id = d.id for update of d)
       update devices d set last_seen = greatest(d.last_seen, s.ts), online = true
       from s, before b where d.id = s.id and b.id = s.id
       returning d.id, d.last_seen as "lastSeen", not b.online as "changed"`,
      [[...seen.keys()], [...seen.values()]],
    )
    return result.rows.filter((r) => r.changed).map(({ id, lastSeen }) => ({ id, lastSeen }))
  }

  /** Marks offline the online devices silent since before `silentSince`; returns them. */
  async markSilentOffline(silentSince: Date): Promise<DeviceLiveness[]> {
    const result = await this.pool.query<DeviceLiveness>(
      `update devices set online = false
       where online and (last_seen is null or last_seen < $1)
       returning id, last_seen as "lastSeen"`,
      [silentSince],
    )
    return result.rows
  }
}

export interface DeviceLiveness {
  id: string
  lastSeen: Date | null
}
