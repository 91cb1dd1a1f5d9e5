// What the ingest says about each camera, as it says it on MQTT: the latest status (retained, so a
// fresh api learns it at once), the latest JPEG (retained) and the last few before it and the last
// few detection frames (so an alert's evidence is the picture of its moment). The api never asks
// the ingest directly.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import {
  cameraStatusSchema,
  detectionFrameSchema,
  parseCameraTopic,
  topics,
  type CameraStatus,
  type DetectionFrame,
} from '@ioc/contracts'
import { MqttService } from '../messaging/mqtt.service.js'
import { RecentFrames } from './recent-frames.js'

// The ingest sends a snapshot every ~3 s: 10 cover the last half minute (at most ~1 MB a camera).
const SNAPSHOTS_KEPT = 10
// Detection frames arrive at the detection rate (5 fps): 25 cover the last ~5 s.
const DETECTION_FRAMES_KEPT = 25

@Injectable()
export class CameraFeedService implements OnModuleInit {
  private readonly logger = new Logger('cameras')
  private readonly statuses = new Map<string, CameraStatus>()
  private readonly snapshots = new RecentFrames<Buffer>(SNAPSHOTS_KEPT)
  // Kept unparsed: only the one an alert asks for is ever read.
  private readonly detectionFrames = new RecentFrames<Buffer>(DETECTION_FRAMES_KEPT)

  constructor(private readonly mqtt: MqttService) {}

  onModuleInit(): void {
    this.mqtt.subscribe(topics.cameraStatus, (topic, payload) => {
      const cameraId = parseCameraTopic(topic)?.cameraId
      if (!cameraId) return
      let parsed: ReturnType<typeof cameraStatusSchema.safeParse>
      try {
        parsed = cameraStatusSchema.safeParse(JSON.parse(payload.toString('utf8')))
      } catch {
        this.logger.warn(`${topic}: not JSON; ignored`)
        return
      }
      if (parsed.success && parsed.data.cameraId === cameraId) this.statuses.set(cameraId, parsed.data)
      else this.logger.warn(`${topic}: not a camera status; ignored`)
    })
    this.mqtt.subscribe(topics.cameraSnapshot, (topic, payload) => {
      const cameraId = parseCameraTopic(topic)?.cameraId
      if (!cameraId) return
      // an empty retained message clears the snapshot of a removed camera
      if (payload.length === 0) this.snapshots.delete(cameraId)
      else if (payload.length > 4 && payload.readUInt16BE(0) === 0xffd8)
        this.snapshots.push(cameraId, new Date(), payload)
    })
    this.mqtt.subscribe(topics.detections, (topic, payload) => {
      const cameraId = parseCameraTopic(topic)?.cameraId
      if (cameraId) this.detectionFrames.push(cameraId, new Date(), payload)
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

  /** The detection frame that arrived nearest `at` (within `maxSkewMs`), parsed; null if none or invalid. */
  detectionFrameNear(cameraId: string, at: Date, maxSkewMs: number): DetectionFrame | null {
    const near = this.detectionFrames.nearest(cameraId, at, maxSkewMs)
    if (!near) return null
    try {
      const parsed = detectionFrameSchema.safeParse(JSON.parse(near.item.toString('utf8')))
      return parsed.success && parsed.data.cameraId === cameraId ? parsed.data : null
    } catch {
      return null
    }
  }
}
