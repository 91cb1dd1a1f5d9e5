import { describe, expect, it } from 'vitest'
import { livenessAt, livenessOf } from './device-status.js'
import { streams } from './streams.js'

describe('device liveness', () => {
  it('reads a status message: online, offline once heard, never seen without a last seen', () => {
    expect(livenessOf({ online: true, lastSeen: '2026-06-01T08:00:00.000Z' })).toBe('online')
    expect(livenessOf({ online: false, lastSeen: '2026-06-01T08:00:00.000Z' })).toBe('offline')
    expect(livenessOf({ online: false, lastSeen: null })).toBe('never_seen')
  })

  it('is offline strictly after the delay of silence, never before the device was heard', () => {
    expect(livenessAt(1_000, 301_000, 300_000)).toBe('online')
    expect(livenessAt(1_000, 301_001, 300_000)).toBe('offline')
    expect(livenessAt(null, 10_000_000, 300_000)).toBe('never_seen')
  })
})

describe('device status topic', () => {
  it('names the device of ioc/v1/devices/{id}/status and nothing else', () => {
    expect(streams.deviceStatus.parseTopic(streams.deviceStatus.topic({ deviceId: 'aq-01' }))).toEqual({
      deviceId: 'aq-01',
    })
    for (const bad of ['ioc/v1/devices/+/status', 'ioc/v1/devices/aq-01/readings', 'ioc/v1/devices//status'])
      expect(streams.deviceStatus.parseTopic(bad)).toBeNull()
  })
})
