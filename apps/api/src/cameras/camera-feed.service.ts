// What the ingest says about each camera, as it says it on MQTT: the latest status (retained, so a
// fresh api learns it at once), the latest JPEG (retained) and the last few before it and the last
// few detection frames (so an alert's evidence is the picture of its moment). The api never asks
// the ingest directly.
import { Injectable, type OnModuleInit } from '@nestjs/common'
import { streams, type CameraStatus, type DetectionFrame } from '@ioc/contracts'
import { MqttService } from '../messaging/mqtt.service.js'
import { RecentFrames } from './recent-frames.js'

// The ingest sends a snapshot every ~3 s: 10 cover the last half minute (at most ~1 MB a camera).
const SNAPSHOTS_KEPT = 10
// Detection frames arrive at the detection rate (5 fps): 25 cover the last ~5 s.
const DETECTION_FRAMES_KEPT = 25

@Injectable()
export class CameraFeedService implements OnModuleInit {
  private readonly statuses = new Map<string, CameraStatus>()
  private readonly snapshots = new RecentFrames<Buffer>(SNAPSHOTS_KEPT)
  // as the live push decoded them (MqttService.on decodes a message once for both)
  private readonly detectionFrames = new RecentFrames<DetectionFrame>(DETECTION_FRAMES_KEPT)

  constructor(private readonly mqtt: MqttService) {}

  onModuleInit(): void {
    this.mqtt.on(streams.cameraStatus, (status, { cameraId }) => {
      if (status) this.statuses.set(cameraId, status)
      else this.statuses.delete(cameraId)
    })
    this.mqtt.on(streams.cameraSnapshot, (jpeg, { cameraId }) => {
      // an empty retained message clears the snapshot of a removed camera
      if (!jpeg) this.snapshots.delete(cameraId)
      else if (jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8)
        this.snapshots.push(cameraId, new Date(), Buffer.isBuffer(jpeg) ? jpeg : Buffer.from(jpeg))
    })
    this.mqtt.on(streams.detections, (frame, { cameraId }) => {
      if (frame) this.detectionFrames.push(cameraId, new Date(), frame)
    })
  }

  status(cameraId: string): CameraStatus | null {
    return this.statuses.get(cameraId) ?? null
  }

  /** The latest snapshot and when it arrived. */
  snapshot(cameraId: string): { jpeg: Buffer; at: Date } | null {
    const latest = this.snapshots.latest(cameraId)
    return latest ? { jpeg: latest.item, at: latest.at } : null
  }

  /** The snapshot that arrived nearest `at` (within `maxSkewMs`), not necessarily the latest. */
  snapshotNear(cameraId: string, at: Date, maxSkewMs: number): { jpeg: Buffer; at: Date } | null {
    const near = this.snapshots.nearest(cameraId, at, maxSkewMs)
    return near ? { jpeg: near.item, at: near.at } : null
  }

  /** The detection frame that arrived nearest `at` (within `maxSkewMs`); null if none. */
  detectionFrameNear(cameraId: string, at: Date, maxSkewMs: number): DetectionFrame | null {
    return this.detectionFrames.nearest(cameraId, at, maxSkewMs)?.item ?? null
  }
}
