import { RESOURCE_ID_PATTERN } from './common.js'

// Versioned root: a v2 payload gets new topics instead of breaking devices in the field.
const ROOT = 'ioc/v1'

/** MQTT subscription filters, one per stream. */
export const topics = {
  sensorReadings: `${ROOT}/sensors/+/readings`,
  liveObservations: `${ROOT}/live/observations`,
  kpis: `${ROOT}/kpis/+`,
  cameraStatus: `${ROOT}/cameras/+/status`,
  detections: `${ROOT}/cameras/+/detections`,
  detectionEvents: `${ROOT}/cameras/+/events`,
  // retained: the latest JPEG of each camera, so the api serves it without asking the ingest
  cameraSnapshot: `${ROOT}/cameras/+/snapshot`,
  deviceStatus: `${ROOT}/devices/+/status`,
} as const

/** Concrete topics to publish on. Ids are not checked here; the parsers below do on the way in. */
export const topicFor = {
  sensorReadings: (deviceId: string) => `${ROOT}/sensors/${deviceId}/readings`,
  liveObservations: () => topics.liveObservations,
  kpi: (kpiId: string) => `${ROOT}/kpis/${kpiId}`,
  cameraStatus: (cameraId: string) => `${ROOT}/cameras/${cameraId}/status`,
  detections: (cameraId: string) => `${ROOT}/cameras/${cameraId}/detections`,
  detectionEvents: (cameraId: string) => `${ROOT}/cameras/${cameraId}/events`,
  cameraSnapshot: (cameraId: string) => `${ROOT}/cameras/${cameraId}/snapshot`,
  deviceStatus: (deviceId: string) => `${ROOT}/devices/${deviceId}/status`,
} as const

/** A shared subscription: each message of `filter` goes to one member of `group` only. */
export function sharedSubscription(group: string, filter: string): string {
  return `$share/${group}/${filter}`
}

function idAt(topic: unknown, re: RegExp): string | null {
  if (typeof topic !== 'string') return null
  const id = re.exec(topic)?.[1]
  return id !== undefined && RESOURCE_ID_PATTERN.test(id) ? id : null
}

/** The device id of `ioc/v1/sensors/{deviceId}/readings`, or null for any other topic. */
export function parseSensorTopic(topic: string): string | null {
  return idAt(topic, /^ioc\/v1\/sensors\/([^/]+)\/readings$/)
}

/** The device id of `ioc/v1/devices/{deviceId}/status`, or null for any other topic. */
export function parseDeviceStatusTopic(topic: string): string | null {
  return idAt(topic, /^ioc\/v1\/devices\/([^/]+)\/status$/)
}

/** The KPI id of `ioc/v1/kpis/{kpiId}`, or null. */
export function parseKpiTopic(topic: string): string | null {
  return idAt(topic, /^ioc\/v1\/kpis\/([^/]+)$/)
}

export type CameraTopicKind = 'status' | 'detections' | 'events' | 'snapshot'

/** Camera id and stream of `ioc/v1/cameras/{cameraId}/{status|detections|events|snapshot}`, or null. */
export function parseCameraTopic(topic: string): { cameraId: string; kind: CameraTopicKind } | null {
  if (typeof topic !== 'string') return null
  const m = /^ioc\/v1\/cameras\/([^/]+)\/(status|detections|events|snapshot)$/.exec(topic)
  const cameraId = m?.[1]
  const kind = m?.[2] as CameraTopicKind | undefined
  return cameraId !== undefined && kind !== undefined && RESOURCE_ID_PATTERN.test(cameraId)
    ? { cameraId, kind }
    : null
}
