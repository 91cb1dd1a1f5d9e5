// The video half of the ingest, started by main.ts: the embedded media server, cameras registered
// from IOC_CAMERAS_FILE, and the manager that runs one pipeline per enabled camera.
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import type { CameraLeasesRepository, CamerasRepository } from '@ioc/db'
import type { DetectionControl } from '../detection/detection-stage.js'
import type { Recordings } from '../recordings/recordings.js'
import type { FrameSink } from '../video/frame.js'
import { CameraLeases } from './camera-leases.js'
import { CameraManager } from './camera-manager.js'
import { EmbeddedMediaServer } from './media-server.js'
import { provisionCameras } from './provision-cameras.js'

export interface CameraServiceOptions {
  cameras: CamerasRepository
  /** The replicas' shares of the cameras; `holder` is this process's replica id. */
  leases: { repo: CameraLeasesRepository; holder: string; ttlMs: number; mediaHttpUrl?: string | null }
  mqtt: Pick<MqttClient, 'publish'>
  /** The media server's listening address (IOC_MEDIA_HOST); 127.0.0.1 unless given. */
  mediaHost?: string
  rtmpPort: number
  httpPort: number
  /** Checks the api's signature on every play (IOC_MEDIA_PLAY_SECRET). */
  playSecret: string
  dataDir: string
  camerasFile?: string | undefined
  stallS: number
  frames?: FrameSink
  detection?: DetectionControl
  /** Started (reconciled) before the cameras: each recorded camera's ffmpeg also writes its segments. */
  recordings?: Recordings
  log: (line: string) => void
}

export interface CameraService {
  manager: CameraManager
  leases: CameraLeases
  media: EmbeddedMediaServer
  /** For the heartbeat: one line about every camera. */
  summary(): { ok: boolean; detail: string }
  stop(): Promise<void>
}

export async function startCameraService(options: CameraServiceOptions): Promise<CameraService> {
  const { cameras } = options
  if (options.camerasFile) {
    const count = await provisionCameras(options.camerasFile, cameras, options.log)
    options.log(`${count} cameras registered from ${options.camerasFile}`)
  }
  const media = new EmbeddedMediaServer({
    host: options.mediaHost,
    rtmpPort: options.rtmpPort,
    httpPort: options.httpPort,
    playSecret: options.playSecret,
    log: options.log,
  })
  await media.start()
  options.log(
    `media server: RTMP and HTTP-FLV/WS-FLV on ${options.mediaHost ?? '127.0.0.1'} ports ${options.rtmpPort} and ${options.httpPort} (signed publishing and playing)`,
  )
  const leases: CameraLeases = new CameraLeases({
    ...options.leases,
    apply: () => manager.sync(),
    fence: () => manager.fence(),
    log: options.log,
  })
  const manager = new CameraManager({
    cameras,
    leases,
    mqtt: options.mqtt,
    publishUrl: (id) => media.publishUrl(id),
    snapshotDir: join(options.dataDir, 'snapshots'),
    ...(options.frames ? { frames: options.frames } : {}),
    ...(options.detection ? { detection: options.detection } : {}),
    ...(options.recordings ? { recordings: options.recordings } : {}),
    log: options.log,
    pipeline: { stallMs: options.stallS * 1000 },
  })
  // recording stopped or resumed for lack of disk: every pipeline restarts with or without it
  options.recordings?.onChange(() => void manager.refresh())
  await manager.start()
  await leases.start()
  options.log(
    `camera leases: replica ${leases.holder}, TTL ${options.leases.ttlMs / 1000} s, holding ${leases.held().length}`,
  )
  return {
    manager,
    leases,
    media,
    summary() {
      const statuses = manager.statuses()
      const count = (state: string) => statuses.filter((s) => s.state === state).length
      const offline = statuses.filter((s) => s.state === 'offline')
      return {
        ok: offline.length === 0,
        detail:
          `${statuses.length} cameras held by ${leases.holder}: ${count('online')} online, ${count('degraded')} degraded, ` +
          `${count('connecting')} connecting, ${offline.length} offline` +
          (offline.length ? ` (${offline.map((s) => `${s.cameraId}: ${s.reason}`).join(', ')})` : ''),
      }
    },
    async stop() {
      await leases.stop()
      await manager.stop()
      // after the pipelines stopped: the other replicas may take the cameras at once
      await leases.leave().catch((err: Error) => options.log(`camera leases: not given back: ${err.message}`))
      await media.stop()
    },
  }
}
