import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Alert } from './alerts.js'
import {
  ackResultSchema,
  alertsSinceResponseSchema,
  clientEventSchemas,
  parseServerEvent,
  roomSchema,
  rooms,
  serverEventSchemas,
  subscribeRequestSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from './socket.js'

const alert: Alert = {
  id: 'a1',
  seq: 7,
  sourceType: 'camera',
  sourceId: 'cam-01',
  ruleId: 'gate-intrusion',
  severity: 'critical',
  status: 'active',
  acknowledged: false,
  category: 'security',
  subCategory: 'intrusion',
  district: 'Tam Kỳ',
  title: 'Người vào khu vực cấm',
  description: '',
  count: 1,
  firstSeen: '2025-06-01T00:00:00Z',
  lastSeen: '2025-06-01T00:00:00Z',
  assignee: null,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
}

describe('server events', () => {
  it('has one schema per server event', () => {
    expect(Object.keys(serverEventSchemas)).toEqual([
      'alert:changed',
      'kpi:value',
      'kpis:city',
      'readings:batch',
      'camera:status',
      'detections:frame',
      'health',
      'error',
    ])
    expectTypeOf<keyof ServerToClientEvents>().toEqualTypeOf<keyof typeof serverEventSchemas>()
    expectTypeOf<Parameters<ServerToClientEvents['alert:changed']>[0]['alert']>().toEqualTypeOf<Alert>()
  })

  it('validates payloads on arrival', () => {
    expect(parseServerEvent('alert:changed', { seq: 7, action: 'created', alert })).toEqual({
      ok: true,
      data: { seq: 7, action: 'created', alert },
    })
    const batch = {
      observations: [{ deviceId: 'aq-01', metric: 'pm25', ts: '2025-06-01T00:00:00.000Z', value: 41.2 }],
    }
    expect(parseServerEvent('readings:batch', batch)).toEqual({ ok: true, data: batch })
    expect(
      parseServerEvent('camera:status', {
        cameraId: 'cam-01',
        state: 'online',
        reason: null,
        at: alert.firstSeen,
      }).ok,
    ).toBe(true)
  })

  it('reports a bad payload instead of passing it on', () => {
    expect(parseServerEvent('alert:changed', { seq: '7', action: 'created', alert })).toEqual({
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'Validation failed: seq: Invalid input: expected number, received string',
        details: [{ path: 'seq', message: 'Invalid input: expected number, received string' }],
      },
    })
    expect(parseServerEvent('health', null).ok).toBe(false)
  })
})

describe('rooms and client events', () => {
  it('builds and validates room names', () => {
    expect(rooms.domain('alerts')).toBe('domain:alerts')
    expect(rooms.district('Hội An')).toBe('district:Hội An')
    expect(rooms.camera('cam-01')).toBe('camera:cam-01')
    for (const room of ['domain:alerts', 'district:Hội An', 'camera:cam-01']) {
      expect(roomSchema.safeParse(room).success).toBe(true)
    }
    for (const room of ['domain:secrets', 'camera:CAM 1', 'district:', 'alerts', 'user:admin']) {
      expect(roomSchema.safeParse(room).success).toBe(false)
    }
  })

  it('validates subscribe and alerts:since requests', () => {
    expect(subscribeRequestSchema.parse({ rooms: ['domain:kpis', 'camera:cam-01'] })).toEqual({
      rooms: ['domain:kpis', 'camera:cam-01'],
    })
    expect(subscribeRequestSchema.safeParse({ rooms: [] }).success).toBe(false)
    expect(clientEventSchemas['alerts:since'].parse({ sinceSeq: 120 })).toEqual({ sinceSeq: 120 })
    expect(clientEventSchemas['alerts:since'].safeParse({ sinceSeq: -1 }).success).toBe(false)
    expectTypeOf<Parameters<ClientToServerEvents['alerts:since']>[0]>().toEqualTypeOf<{ sinceSeq: number }>()
  })

  it('acks with the result or the error body', () => {
    const schema = ackResultSchema(alertsSinceResponseSchema)
    expect(schema.parse({ ok: true, alerts: [alert], seq: 9, complete: true })).toEqual({
      ok: true,
      alerts: [alert],
      seq: 9,
      complete: true,
    })
    expect(schema.parse({ ok: false, error: { code: 'forbidden', message: 'no' } })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'no' },
    })
    expect(schema.safeParse({ ok: true }).success).toBe(false)
  })
})
