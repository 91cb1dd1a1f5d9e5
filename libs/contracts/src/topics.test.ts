import { describe, expect, it } from 'vitest'
import {
  parseCameraTopic,
  parseKpiTopic,
  parseSensorTopic,
  sharedSubscription,
  topicFor,
  topics,
} from './topics.js'

describe('topics', () => {
  it('lists the subscription filters', () => {
    expect(topics).toEqual({
      sensorReadings: 'ioc/v1/sensors/+/readings',
      liveObservations: 'ioc/v1/live/observations',
      kpis: 'ioc/v1/kpis/+',
      cameraStatus: 'ioc/v1/cameras/+/status',
      detections: 'ioc/v1/cameras/+/detections',
      detectionEvents: 'ioc/v1/cameras/+/events',
      cameraSnapshot: 'ioc/v1/cameras/+/snapshot',
      deviceStatus: 'ioc/v1/devices/+/status',
    })
  })

  it('builds concrete topics and shared subscriptions', () => {
    expect(topicFor.sensorReadings('aq-01')).toBe('ioc/v1/sensors/aq-01/readings')
    expect(topicFor.kpi('dti-score')).toBe('ioc/v1/kpis/dti-score')
    expect(topicFor.cameraStatus('cam-01')).toBe('ioc/v1/cameras/cam-01/status')
    expect(topicFor.detections('cam-01')).toBe('ioc/v1/cameras/cam-01/detections')
    expect(topicFor.cameraSnapshot('cam-01')).toBe('ioc/v1/cameras/cam-01/snapshot')
    expect(parseCameraTopic(topicFor.cameraSnapshot('cam-01'))).toEqual({
      cameraId: 'cam-01',
      kind: 'snapshot',
    })
    expect(topicFor.liveObservations()).toBe('ioc/v1/live/observations')
    expect(sharedSubscription('ingest', topics.sensorReadings)).toBe(
      '$share/ingest/ioc/v1/sensors/+/readings',
    )
  })

  it('parses sensor topics', () => {
    expect(parseSensorTopic('ioc/v1/sensors/aq-01/readings')).toBe('aq-01')
    expect(parseSensorTopic(topicFor.sensorReadings('wl_thu-bon_3'))).toBe('wl_thu-bon_3')
    for (const bad of [
      'ioc/v1/sensors/+/readings',
      'ioc/v1/sensors/#',
      'ioc/v1/sensors/AQ-01/readings',
      'ioc/v1/sensors//readings',
      'ioc/v1/sensors/a/readings',
      'ioc/v1/sensors/aq-01/readings/x',
      'ioc/v2/sensors/aq-01/readings',
      '/ioc/v1/sensors/aq-01/readings',
    ]) {
      expect(parseSensorTopic(bad)).toBeNull()
    }
  })

  it('parses KPI and camera topics', () => {
    expect(parseKpiTopic('ioc/v1/kpis/records-online')).toBe('records-online')
    expect(parseKpiTopic('ioc/v1/kpis/a/b')).toBeNull()
    expect(parseCameraTopic('ioc/v1/cameras/cam-01/status')).toEqual({ cameraId: 'cam-01', kind: 'status' })
    expect(parseCameraTopic('ioc/v1/cameras/cam-01/detections')).toEqual({
      cameraId: 'cam-01',
      kind: 'detections',
    })
    expect(parseCameraTopic('ioc/v1/cameras/cam-01/frames')).toBeNull()
    expect(parseCameraTopic('ioc/v1/cameras/Cam/status')).toBeNull()
  })
})
