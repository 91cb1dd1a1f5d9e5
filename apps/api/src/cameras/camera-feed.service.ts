// What the ingest says about each camera, as it says it on MQTT: the latest status (retained, so a
// fresh api learns it at once) and the latest JPEG (retained). The api never asks the ingest directly.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import { cameraStatusSchema, parseCameraTopic, topics, type CameraStatus } from '@ioc/contracts'
import { MqttService } from '../messaging/mqtt.service.js'

@Injectable()
export class CameraFeedService implements OnModuleInit {
  private readonly logger = new Logger('cameras')
  private readonly statuses = new Map<string, CameraStatus>()
  private readonly snapshots = new Map<string, { jpeg: Buffer; at: Date }>()

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
        this.snapshots.set(cameraId, { jpeg: payload, at: new Date() })
    })
  }

  status(cameraId: string): CameraStatus | null {
    return this.statuses.get(cameraId) ?? null
  }

  snapshot(cameraId: string): { jpeg: Buffer; at: Date } | null {
    return this.snapshots.get(cameraId) ?? null
  }
}
