import { describe, expect, it } from 'vitest'
import type { CameraStatus } from './cameras.js'
import { decodeMessage, encodeMessage, publishTo, sharedSubscription, streams } from './streams.js'

const cameraStatus: CameraStatus = {
  cameraId: 'cam-01',
  state: 'online',
  reason: null,
  at: '2026-01-05T01:00:00.000Z',
}

describe('MQTT streams', () => {
  it('declares each stream once: filter, QoS, retained', () => {
    const declared = Object.fromEntries(
      Object.entries(streams).map(([name, s]) => [
        name,
        `${s.filter} qos${s.qos}${s.retain ? ' retained' : ''}`,
      ]),
    )
    expect(declared).toEqual({
      sensorReadings: 'ioc/v1/sensors/+/readings qos1',
      liveObservations: 'ioc/v1/live/observations qos1',
      kpiValues: 'ioc/v1/kpis/+ qos1',
      cameraStatus: 'ioc/v1/cameras/+/status qos0 retained',
      detections: 'ioc/v1/cameras/+/detections qos0',
      detectionEvents: 'ioc/v1/cameras/+/events qos1',
      cameraSnapshot: 'ioc/v1/cameras/+/snapshot qos0 retained',
      deviceStatus: 'ioc/v1/devices/+/status qos1 retained',
      serviceStatus: 'ioc/v1/status/+/+ qos1 retained',
    })
    expect(sharedSubscription('ingest', streams.sensorReadings.filter)).toBe(
      '$share/ingest/ioc/v1/sensors/+/readings',
    )
  })

  it('builds topics and reads their ids back, refusing what is not an id of the stream', () => {
    expect(streams.sensorReadings.topic({ deviceId: 'wl_thu-bon_3' })).toBe(
      'ioc/v1/sensors/wl_thu-bon_3/readings',
    )
    expect(streams.kpiValues.topic({ kpiId: 'dti-score' })).toBe('ioc/v1/kpis/dti-score')
    expect(streams.liveObservations.topic({})).toBe('ioc/v1/live/observations')
    expect(streams.serviceStatus.topic({ service: 'ingest', instance: 'ingest-Host.1' })).toBe(
      'ioc/v1/status/ingest/ingest-Host.1',
    )
    expect(streams.serviceStatus.parseTopic('ioc/v1/status/ingest/ingest-Host.1')).toEqual({
      service: 'ingest',
      instance: 'ingest-Host.1',
    })
    expect(streams.cameraSnapshot.parseTopic('ioc/v1/cameras/cam-01/snapshot')).toEqual({
      cameraId: 'cam-01',
    })
    expect(streams.cameraStatus.parseTopic('ioc/v1/cameras/cam-01/snapshot')).toBeNull()
    for (const bad of [
      'ioc/v1/sensors/+/readings',
      'ioc/v1/sensors/#',
      'ioc/v1/sensors/AQ-01/readings',
      'ioc/v1/sensors//readings',
      'ioc/v1/sensors/a/readings',
      'ioc/v1/sensors/aq-01/readings/x',
      'ioc/v2/sensors/aq-01/readings',
      '/ioc/v1/sensors/aq-01/readings',
    ])
      expect(streams.sensorReadings.parseTopic(bad), bad).toBeNull()
  })

  it('publishes with the stream QoS and retain flag; null clears a retained stream only', () => {
    const sent: unknown[] = []
    const client = { publish: (...args: unknown[]) => sent.push(args) }
    publishTo(client, streams.cameraStatus, { cameraId: 'cam-01' }, cameraStatus)
    publishTo(client, streams.cameraSnapshot, { cameraId: 'cam-01' }, null)
    expect(sent).toEqual([
      [
        'ioc/v1/cameras/cam-01/status',
        new TextEncoder().encode(JSON.stringify(cameraStatus)),
        { qos: 0, retain: true },
      ],
      ['ioc/v1/cameras/cam-01/snapshot', '', { qos: 0, retain: true }],
    ])
    expect(() => encodeMessage(streams.detections, { cameraId: 'cam-01' }, null)).toThrow(/not retained/)
  })

  it('decodes once: ids, JSON, schema, payload against topic, cleared retained messages', () => {
    const topic = streams.cameraStatus.topic({ cameraId: 'cam-01' })
    const ok = decodeMessage(streams.cameraStatus, topic, Buffer.from(JSON.stringify(cameraStatus)))
    expect(ok).toMatchObject({ ok: true, params: { cameraId: 'cam-01' }, payload: { state: 'online' } })
    expect(decodeMessage(streams.cameraStatus, topic, Buffer.alloc(0))).toEqual({
      ok: true,
      params: { cameraId: 'cam-01' },
      payload: null,
    })
    expect(decodeMessage(streams.cameraStatus, topic, Buffer.from('{'))).toMatchObject({
      ok: false,
      reason: 'bad_json',
    })
    expect(decodeMessage(streams.cameraStatus, topic, Buffer.from('{"cameraId":"cam-01"}'))).toMatchObject({
      ok: false,
      reason: 'schema',
    })
    const other = JSON.stringify({ ...cameraStatus, cameraId: 'cam-02' })
    expect(decodeMessage(streams.cameraStatus, topic, Buffer.from(other))).toEqual({
      ok: false,
      reason: 'schema',
      detail: 'cameraId cam-02 in the payload, cam-01 in the topic',
    })
    expect(
      decodeMessage(streams.detections, streams.detections.topic({ cameraId: 'cam-01' }), Buffer.alloc(0)),
    ).toMatchObject({ ok: false, reason: 'schema', detail: 'empty payload' })
    expect(decodeMessage(streams.cameraStatus, 'ioc/v1/cameras/Cam/status', Buffer.from('{}'))).toMatchObject(
      {
        ok: false,
        detail: 'topic ioc/v1/cameras/Cam/status is not ioc/v1/cameras/{cameraId}/status',
      },
    )
    expect(
      decodeMessage(streams.kpiValues, 'ioc/v1/kpis/k-1', Buffer.alloc(20), { maxBytes: 10 }),
    ).toMatchObject({
      ok: false,
      reason: 'too_large',
    })
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0])
    expect(decodeMessage(streams.cameraSnapshot, 'ioc/v1/cameras/cam-01/snapshot', jpeg)).toMatchObject({
      ok: true,
      payload: jpeg,
    })
  })
})
