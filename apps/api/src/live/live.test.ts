import { describe, expect, it } from 'vitest'
import type { Role } from '@ioc/contracts'
import { EventRateLimit } from './event-rate-limit.js'
import {
  decideRooms,
  MAX_ROOMS_PER_CLIENT,
  rolesNotWatching,
  roomsFor,
  type RoomDecision,
  type RoomDirectory,
} from './room-policy.js'
import { MAX_SERIES_PER_WINDOW, ReadingsCoalescer } from './readings-coalescer.js'

const cams: Record<string, { kind: string; district: string }> = {
  'cam-hoian-01': { kind: 'traffic', district: 'Hội An' },
  'cam-tamky-01': { kind: 'traffic', district: 'Tam Kỳ' },
  'cam-hoian-sec': { kind: 'security', district: 'Hội An' },
}
const site: RoomDirectory = {
  camera: (id) => cams[id] ?? null,
  hasDistrict: (d) => Object.values(cams).some((c) => c.district === d),
}
const province = (role: Role = 'operator') => ({ role, district: null })
const deniedRooms = (d: RoomDecision) => (d.ok ? [] : d.denied.map((x) => x.room))

describe('room policy', () => {
  it('lets province-wide users join any room that names what exists', () => {
    expect(
      decideRooms(province(), ['domain:alerts', 'district:Hội An', 'camera:cam-tamky-01'], site),
    ).toEqual({
      ok: true,
      rooms: ['domain:alerts', 'district:Hội An', 'camera:cam-tamky-01'],
    })
  })

  it('refuses districts and cameras that do not exist, marking them for a second look', () => {
    const r = decideRooms(province('admin'), ['district:Atlantis', 'camera:nope'], site)
    expect(r).toMatchObject({
      ok: false,
      code: 'forbidden',
      denied: [
        { room: 'district:Atlantis', reason: expect.stringContaining('no district'), unknown: true },
        { room: 'camera:nope', reason: 'no camera nope', unknown: true },
      ],
    })
  })

  it('keeps district staff to their district and its cameras', () => {
    const user = { role: 'traffic' as const, district: 'Hội An' }
    expect(decideRooms(user, ['district:Hội An', 'camera:cam-hoian-01'], site).ok).toBe(true)
    const denied = decideRooms(
      user,
      ['domain:alerts', 'district:Tam Kỳ', 'camera:cam-tamky-01', 'camera:nope'],
      site,
    )
    expect(deniedRooms(denied)).toEqual([
      'domain:alerts',
      'district:Tam Kỳ',
      'camera:cam-tamky-01',
      'camera:nope',
    ])
  })

  it('opens a camera room to the roles that watch its kind', () => {
    for (const role of ['admin', 'operator', 'leader', 'security'] as const)
      expect(decideRooms(province(role), ['camera:cam-hoian-sec'], site).ok, role).toBe(true)
    const r = decideRooms(province('traffic'), ['camera:cam-hoian-sec'], site)
    expect(r).toMatchObject({ ok: false, denied: [{ reason: 'role traffic watches no security cameras' }] })
  })

  it('refuses strings that are not rooms', () => {
    const r = decideRooms(province(), ['domain:nope', 'everything'], site)
    expect(deniedRooms(r)).toEqual(['domain:nope', 'everything'])
  })

  it(`caps a connection at ${MAX_ROOMS_PER_CLIENT} rooms, counting only new ones`, () => {
    const joined = new Set(Array.from({ length: MAX_ROOMS_PER_CLIENT - 1 }, (_, i) => `camera:c${i}`))
    expect(decideRooms(province(), ['domain:alerts'], site, joined).ok).toBe(true)
    const full = new Set([...joined, 'domain:alerts'])
    expect(decideRooms(province(), ['domain:alerts'], site, full).ok).toBe(true)
    expect(decideRooms(province(), ['domain:kpis'], site, full)).toMatchObject({
      ok: false,
      code: 'socket_too_many_rooms',
      denied: [{ room: 'domain:kpis', reason: expect.stringContaining(`at most ${MAX_ROOMS_PER_CLIENT}`) }],
    })
  })

  it('routes district events to the district room as well', () => {
    expect(roomsFor('domain:alerts', 'Hội An')).toEqual(['domain:alerts', 'district:Hội An'])
    expect(roomsFor('domain:alerts', null)).toEqual(['domain:alerts'])
  })

  it('skips the role rooms of the roles that do not watch a camera kind', () => {
    expect(rolesNotWatching('security')).toEqual(['role:traffic'])
    expect(rolesNotWatching('traffic')).toEqual(['role:security'])
    expect(rolesNotWatching('')).toEqual(['role:traffic', 'role:security'])
  })
})

describe('EventRateLimit', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0
    const limit = new EventRateLimit(5, 2, () => now)
    expect(Array.from({ length: 6 }, () => limit.take())).toEqual([true, true, true, true, true, false])
    now += 500 // one more token after half a second at 2 a second
    expect([limit.take(), limit.take()]).toEqual([true, false])
    now += 60_000 // refills to the burst, not beyond
    expect(Array.from({ length: 6 }, () => limit.take()).filter(Boolean)).toHaveLength(5)
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
