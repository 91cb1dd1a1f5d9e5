// The old names of the MQTT topics, derived from streams.ts while the last call sites move to it;
// new code uses `streams` (filter, topic, parseTopic, publishTo, decodeMessage).
import { streams } from './streams.js'

export const topics = {
  sensorReadings: streams.sensorReadings.filter,
  liveObservations: streams.liveObservations.filter,
  kpis: streams.kpiValues.filter,
  cameraStatus: streams.cameraStatus.filter,
  detections: streams.detections.filter,
  detectionEvents: streams.detectionEvents.filter,
  cameraSnapshot: streams.cameraSnapshot.filter,
  deviceStatus: streams.deviceStatus.filter,
} as const

export const topicFor = {
  sensorReadings: (deviceId: string) => streams.sensorReadings.topic({ deviceId }),
  liveObservations: () => streams.liveObservations.topic({}),
  kpi: (kpiId: string) => streams.kpiValues.topic({ kpiId }),
  cameraStatus: (cameraId: string) => streams.cameraStatus.topic({ cameraId }),
  detections: (cameraId: string) => streams.detections.topic({ cameraId }),
  detectionEvents: (cameraId: string) => streams.detectionEvents.topic({ cameraId }),
  cameraSnapshot: (cameraId: string) => streams.cameraSnapshot.topic({ cameraId }),
  deviceStatus: (deviceId: string) => streams.deviceStatus.topic({ deviceId }),
} as const

export const serviceStatusTopics = {
  all: streams.serviceStatus.filter,
  of: (service: string, instance: string) => streams.serviceStatus.topic({ service, instance }),
} as const

export type CameraTopicKind = 'status' | 'detections' | 'events' | 'snapshot'

export function parseCameraTopic(topic: string): { cameraId: string; kind: CameraTopicKind } | null {
  const kinds = {
    status: 'cameraStatus',
    detections: 'detections',
    events: 'detectionEvents',
    snapshot: 'cameraSnapshot',
  } as const
  for (const [kind, name] of Object.entries(kinds)) {
    const params = streams[name].parseTopic(topic)
    if (params) return { cameraId: params.cameraId, kind: kind as CameraTopicKind }
  }
  return null
}

export const parseKpiTopic = (topic: string): string | null =>
  streams.kpiValues.parseTopic(topic)?.kpiId ?? null

export const parseDeviceStatusTopic = (topic: string): string | null =>
  streams.deviceStatus.parseTopic(topic)?.deviceId ?? null
