// The camera registry. Credentials are write-only: they go in here and come out only through
// `listForPipeline` (the ingest needs them to pull); every other read returns the public shape
// (contracts' cameraSchema), which has no field that could carry them.
import {
  cameraSchema,
  redactUrlCredentials,
  type Camera,
  type CameraCreate,
  type CameraFailure,
  type CameraHealth,
  type CameraRecording,
  type CameraState,
  type CameraUpdate,
  type CountLine,
  type RtspTransport,
  type Zone,
} from '@ioc/contracts'
import type { Pool } from '../connection.js'

/** A camera with what it takes to pull it: for the ingest service only. */
export interface CameraPipelineRecord extends Camera {
  /** The URL as registered but without user info (that lives in username / password). */
  rtspUrl: string
  username: string | null
  password: string | null
  updatedAt: Date
}

export interface CameraHealthRow extends CameraHealth {
  state: CameraState
  reason: CameraFailure | null
  detail?: string
}

export class CameraExistsError extends Error {
  constructor(readonly id: string) {
    super(`a camera with id "${id}" already exists`)
    this.name = 'CameraExistsError'
  }
}

interface Row {
  id: string
  name: string
  kind: Camera['kind']
  lat: number | null
  lon: number | null
  district: string | null
  rtsp_url: string
  rtsp_username: string | null
  rtsp_password: string | null
  transport: RtspTransport
  detect_fps: number
  model_id: string | null
  zones: Zone[]
  lines: CountLine[]
  recording: CameraRecording
  enabled: boolean
  updated_at: Date
}

/**
 * User info written into the URL moves to the username / password columns, so the stored URL is
 * shown and logged safely; explicit `username` / `password` win over the URL's.
 */
function splitCredentials(
  url: string,
  username: string | null | undefined,
  password: string | null | undefined,
): { url: string; username: string | null | undefined; password: string | null | undefined } {
  const parsed = new URL(url)
  const fromUrl = {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  }
  parsed.username = ''
  parsed.password = ''
  return {
    url: parsed.href,
    username: username !== undefined ? username : fromUrl.username,
    password: password !== undefined ? password : fromUrl.password,
  }
}

function toPublic(row: Row): Camera {
  return cameraSchema.parse({
    id: row.id,
    name: row.name,
    kind: row.kind,
    lat: row.lat,
    lon: row.lon,
    district: row.district,
    detectFps: Math.round(row.detect_fps),
    modelId: row.model_id ?? undefined,
    transport: row.transport,
    enabled: row.enabled,
    zones: row.zones,
    lines: row.lines,
    recording: row.recording,
    rtspUrlRedacted: redactUrlCredentials(row.rtsp_url),
  })
}

const columns = `id, name, kind, lat, lon, district, rtsp_url, rtsp_username, rtsp_password, transport,
  detect_fps, model_id, zones, lines, recording, enabled, updated_at`

export class CamerasRepository {
  constructor(private readonly pool: Pool) {}

  /** Registers a camera; CameraExistsError when the id is taken. */
  async create(camera: CameraCreate): Promise<Camera> {
    const creds = splitCredentials(camera.rtspUrl, camera.username, camera.password)
    try {
      const result = await this.pool.query<Row>(
        `insert into cameras (id, name, kind, lat, lon, district, rtsp_url, rtsp_username, rtsp_password,
           transport, detect_fps, model_id, zones, lines, enabled, recording)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         returning ${columns}`,
        [
          camera.id,
          camera.name,
          camera.kind,
          camera.lat,
          camera.lon,
          camera.district,
          creds.url,
          creds.username ?? null,
          creds.password ?? null,
          camera.transport,
          camera.detectFps,
          camera.modelId,
          JSON.stringify(camera.zones),
          JSON.stringify(camera.lines),
          camera.enabled,
          JSON.stringify(camera.recording),
        ],
      )
      return toPublic(result.rows[0]!)
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new CameraExistsError(camera.id)
      throw err
    }
  }

  /** Creates the camera or replaces every field of it (the demo's registration, re-run at each start). */
  async upsert(camera: CameraCreate): Promise<Camera> {
    const existing = await this.get(camera.id)
    if (!existing) {
      try {
        return await this.create(camera)
      } catch (err) {
        if (!(err instanceof CameraExistsError)) throw err
      }
    }
    const { id, ...fields } = camera
    return (await this.update(id, {
      ...fields,
      username: fields.username ?? null,
      password: fields.password ?? null,
    }))!
  }

  /** Applies the given fields only; null when there is no such camera. */
  async update(id: string, patch: CameraUpdate): Promise<Camera | null> {
    const sets: string[] = []
    const values: unknown[] = [id]
    const set = (column: string, value: unknown) => {
      values.push(value)
      sets.push(`${column} = $${values.length}`)
    }
    if (patch.rtspUrl !== undefined) {
      const creds = splitCredentials(patch.rtspUrl, patch.username, patch.password)
      set('rtsp_url', creds.url)
      if (creds.username !== undefined) set('rtsp_username', creds.username)
      if (creds.password !== undefined) set('rtsp_password', creds.password)
    } else {
      if (patch.username !== undefined) set('rtsp_username', patch.username)
      if (patch.password !== undefined) set('rtsp_password', patch.password)
    }
    const plain: [keyof CameraUpdate, string][] = [
      ['name', 'name'],
      ['kind', 'kind'],
      ['lat', 'lat'],
      ['lon', 'lon'],
      ['district', 'district'],
      ['detectFps', 'detect_fps'],
      ['modelId', 'model_id'],
      ['transport', 'transport'],
      ['enabled', 'enabled'],
    ]
    for (const [field, column] of plain) if (patch[field] !== undefined) set(column, patch[field])
    if (patch.zones !== undefined) set('zones', JSON.stringify(patch.zones))
    if (patch.lines !== undefined) set('lines', JSON.stringify(patch.lines))
    if (patch.recording !== undefined) set('recording', JSON.stringify(patch.recording))
    if (sets.length === 0) return this.get(id)
    // clock_timestamp, not now(): two changes in one transaction must still move the change stamp
    const result = await this.pool.query<Row>(
      `update cameras set ${sets.join(', ')}, updated_at = clock_timestamp() where id = $1 returning ${columns}`,
      values,
    )
    const row = result.rows[0]
    return row ? toPublic(row) : null
  }

  async remove(id: string): Promise<boolean> {
    return ((await this.pool.query('delete from cameras where id = $1', [id])).rowCount ?? 0) > 0
  }

  async list(): Promise<Camera[]> {
    return (await this.pool.query<Row>(`select ${columns} from cameras order by id`)).rows.map(toPublic)
  }

  async get(id: string): Promise<Camera | null> {
    const row = (await this.pool.query<Row>(`select ${columns} from cameras where id = $1`, [id])).rows[0]
    return row ? toPublic(row) : null
  }

  /** Every camera with its credentials: only the ingest's pipelines call this. */
  async listForPipeline(): Promise<CameraPipelineRecord[]> {
    const rows = (await this.pool.query<Row>(`select ${columns} from cameras order by id`)).rows
    return rows.map((row) => ({
      ...toPublic(row),
      rtspUrl: row.rtsp_url,
      username: row.rtsp_username,
      password: row.rtsp_password,
      updatedAt: row.updated_at,
    }))
  }

  /**
   * A value that changes whenever a camera is added, changed or removed: the ingest polls it every
   * few seconds (cheap, and works the same through pglite-socket and PostgreSQL).
   */
  async changeStamp(): Promise<string> {
    const result = await this.pool.query<{ stamp: string }>(
      `select count(*)::text || '/' || coalesce(max(updated_at)::text, '') as stamp from cameras`,
    )
    return result.rows[0]!.stamp
  }

  async insertHealth(rows: readonly CameraHealthRow[]): Promise<void> {
    if (rows.length === 0) return
    await this.pool.query(
      `insert into camera_health (ts, camera_id, status, reason, fps_in, fps_out, bitrate_kbps, width,
         height, restarts, last_frame_at, detail)
       select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::real[], $6::real[],
         $7::real[], $8::int[], $9::int[], $10::int[], $11::timestamptz[], $12::text[])
       on conflict do nothing`,
      [
        rows.map((r) => r.ts),
        rows.map((r) => r.cameraId),
        rows.map((r) => r.state),
        rows.map((r) => r.reason),
        rows.map((r) => r.fpsIn),
        rows.map((r) => r.fpsOut),
        rows.map((r) => r.bitrateKbps),
        rows.map((r) => r.width),
        rows.map((r) => r.height),
        rows.map((r) => r.restarts),
        rows.map((r) => r.lastFrameAt),
        rows.map((r) => r.detail ?? null),
      ],
    )
  }

  /** The latest health row of a camera, or null before its first. */
  async latestHealth(cameraId: string): Promise<CameraHealthRow | null> {
    const result = await this.pool.query<{
      ts: Date
      status: CameraState
      reason: CameraFailure | null
      fps_in: number
      fps_out: number
      bitrate_kbps: number
      width: number | null
      height: number | null
      restarts: number
      last_frame_at: Date | null
      detail: string | null
    }>(
      `select ts, status, reason, fps_in, fps_out, bitrate_kbps, width, height, restarts, last_frame_at, detail
       from camera_health where camera_id = $1 order by ts desc limit 1`,
      [cameraId],
    )
    const r = result.rows[0]
    if (!r) return null
    return {
      cameraId,
      ts: r.ts.toISOString(),
      state: r.status,
      reason: r.reason,
      fpsIn: r.fps_in,
      fpsOut: r.fps_out,
      bitrateKbps: r.bitrate_kbps,
      width: r.width,
      height: r.height,
      restarts: r.restarts,
      lastFrameAt: r.last_frame_at?.toISOString() ?? null,
      ...(r.detail ? { detail: r.detail } : {}),
    }
  }
}
