import { describe, expect, it } from 'vitest'
import { decideRooms, roomsFor } from './room-policy.js'
import { MAX_SERIES_PER_WINDOW, ReadingsCoalescer } from './readings-coalescer.js'

const cams: Record<string, string> = { 'cam-hoian-01': 'Hội An', 'cam-tamky-01': 'Tam Kỳ' }

describe('room policy', () => {
  it('lets province-wide users join any well-formed room', () => {
    expect(
      decideRooms(
        { district: null },
        ['domain:alerts', 'district:Hội An', 'camera:cam-tamky-01'],
        (id) => cams[id],
      ),
    ).toEqual({
      ok: true,
      rooms: ['domain:alerts', 'district:Hội An', 'camera:cam-tamky-01'],
    })
  })

  it('keeps district staff to their district and its cameras', () => {
    const user = { district: 'Hội An' }
    expect(decideRooms(user, ['district:Hội An', 'camera:cam-hoian-01'], (id) => cams[id]).ok).toBe(true)
    const denied = decideRooms(
      user,
      ['domain:alerts', 'district:Tam Kỳ', 'camera:cam-tamky-01', 'camera:nope'],
      (id) => cams[id],
    )
    expect(denied.ok === false && denied.denied.map((d) => d.room)).toEqual([
      'domain:alerts',
      'district:Tam Kỳ',
      'camera:cam-tamky-01',
      'camera:nope',
    ])
  })

  it('refuses strings that are not rooms', () => {
    const r = decideRooms({ district: null }, ['domain:nope', 'everything'], () => null)
    expect(r.ok === false && r.denied.map((d) => d.room)).toEqual(['domain:nope', 'everything'])
  })

  it('routes district events to the district room as well', () => {
    expect(roomsFor('domain:alerts', 'Hội An')).toEqual(['domain:alerts', 'district:Hội An'])
    expect(roomsFor('domain:alerts', null)).toEqual(['domain:alerts'])
  })
})

describe('ReadingsCoalescer', () => {
  const o = (deviceId: string, metric: string, ts: string, value: number) => ({ deviceId, metric, ts, value })

  it('keeps the latest observation of each series per window', () => {
    const c = new ReadingsCoalescer()
    c.add([o('a', 'pm25', '2026-01-01T00:00:01Z', 1), o('a', 'pm25', '2026-01-01T00:00:03Z', 3)])
    c.add([o('a', 'pm25', '2026-01-01T00:00:02Z', 2), o('a', 'pm10', '2026-01-01T00:00:02Z', 9)])
    expect(c.take()).toEqual({
      observations: [o('a', 'pm25', '2026-01-01T00:00:03Z', 3), o('a', 'pm10', '2026-01-01T00:00:02Z', 9)],
      dropped: 0,
    })
    expect(c.take()).toEqual({ observations: [], dropped: 0 })
  })

  it('bounds a window by series, counting what it drops', () => {
    const c = new ReadingsCoalescer()
    c.add(
      Array.from({ length: MAX_SERIES_PER_WINDOW + 5 }, (_, i) =>
        o(`d${i}`, 'pm25', '2026-01-01T00:00:00Z', i),
      ),
    )
    const { observations, dropped } = c.take()
    expect(observations).toHaveLength(MAX_SERIES_PER_WINDOW)
    expect(dropped).toBe(5)
  })
})
