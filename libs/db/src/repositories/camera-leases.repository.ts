// Which ingest replica pulls which camera (migration 0011, docs/decisions.md "Camera leases").
// Every time here is the database server's: replicas never compare their own clocks.
import type { Pool } from '../connection.js'

export interface CameraShares {
  /** Enabled cameras, the ones the replicas share. */
  cameras: number
  /** Replicas whose heartbeat is fresher than the lease TTL (this one included once it beat). */
  replicas: number
}

const ttl = (ms: number) => `now() + ${Math.round(ms)} * interval '1 millisecond'`

/** A camera a claim took, and whose expired lease it was (null: it had none). */
export interface ClaimedCamera {
  cameraId: string
  previous: string | null
}

export class CameraLeasesRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * This replica is alive, and where the api reaches its media server (null: the api's own
   * IOC_MEDIA_HTTP_URL); rows of replicas silent for a day are forgotten.
   */
  async heartbeat(holder: string, mediaHttpUrl: string | null = null): Promise<void> {
    await this.pool.query(
      `with gone as (delete from ingest_replicas where heartbeat_at < now() - interval '1 day')
       insert into ingest_replicas (id, media_http_url) values ($1, $2)
       on conflict (id) do update set heartbeat_at = now(), media_http_url = excluded.media_http_url`,
      [holder, mediaHttpUrl],
    )
  }

  /**
   * The media server that has the camera's live stream: its lease holder's, while the lease lasts.
   * Null when no replica holds it or its holder did not say where its media server is.
   */
  async mediaServerOf(cameraId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ media_http_url: string | null }>(
      `select r.media_http_url from camera_leases l join ingest_replicas r on r.id = l.holder
       where l.camera_id = $1 and l.expires_at > now()`,
      [cameraId],
    )
    return rows[0]?.media_http_url ?? null
  }

  /**
   * Extends every lease `holder` still has on an enabled camera and returns those cameras; leases on
   * disabled cameras are dropped. A lease another replica took (once it expired) is not renewed.
   */
  async renew(holder: string, ttlMs: number): Promise<string[]> {
    await this.pool.query(
      `delete from camera_leases l using cameras c
       where l.holder = $1 and c.id = l.camera_id and not c.enabled`,
      [holder],
    )
    const { rows } = await this.pool.query<{ camera_id: string }>(
      `update camera_leases set expires_at = ${ttl(ttlMs)} where holder = $1 returning camera_id`,
      [holder],
    )
    return rows.map((r) => r.camera_id)
  }

  async shares(ttlMs: number): Promise<CameraShares> {
    const { rows } = await this.pool.query<{ cameras: number; replicas: number }>(
      `select (select count(*) from cameras where enabled)::int as cameras,
              (select count(*) from ingest_replicas
                where heartbeat_at > now() - ${Math.round(ttlMs)} * interval '1 millisecond')::int as replicas`,
    )
    return rows[0]!
  }

  /**
   * Takes up to `max` enabled cameras that have no lease or an expired one. The conflict clause
   * re-checks the expiry on the row as committed, so two replicas claiming at once never both win.
   * `previous`: the holder of the expired lease taken over (null for a free camera), for metrics.
   */
  async claim(holder: string, ttlMs: number, max: number): Promise<ClaimedCamera[]> {
    if (max <= 0) return []
    const { rows } = await this.pool.query<{ camera_id: string; previous: string | null }>(
      `with free as (
         select c.id, l.holder as previous from cameras c left join camera_leases l on l.camera_id = c.id
         where c.enabled and (l.camera_id is null or l.expires_at <= now())
         order by c.id limit $2
         for update of c skip locked),
       taken as (
         insert into camera_leases (camera_id, holder, acquired_at, expires_at)
         select id, $1, now(), ${ttl(ttlMs)} from free
         on conflict (camera_id) do update
           set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
           where camera_leases.expires_at <= now()
         returning camera_id)
       select t.camera_id, f.previous from taken t join free f on f.id = t.camera_id order by t.camera_id`,
      [holder, max],
    )
    return rows.map((r) => ({ cameraId: r.camera_id, previous: r.previous }))
  }

  /** Gives cameras back; call it only once their pipelines have stopped. */
  async release(holder: string, cameraIds: readonly string[]): Promise<void> {
    if (cameraIds.length === 0) return
    await this.pool.query(`delete from camera_leases where holder = $1 and camera_id = any($2::text[])`, [
      holder,
      cameraIds,
    ])
  }

  /** A clean stop: every lease and the heartbeat row go, so the others take over at their next round. */
  async leave(holder: string): Promise<void> {
    await this.pool.query(`delete from camera_leases where holder = $1`, [holder])
    await this.pool.query(`delete from ingest_replicas where id = $1`, [holder])
  }

  /** Camera id to holder, for health answers and tests. */
  async holders(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ camera_id: string; holder: string }>(
      `select camera_id, holder from camera_leases where expires_at > now() order by camera_id`,
    )
    return new Map(rows.map((r) => [r.camera_id, r.holder]))
  }
}
