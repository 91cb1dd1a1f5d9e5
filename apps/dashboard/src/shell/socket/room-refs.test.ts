import { describe, expect, it } from 'vitest'
import { rooms, type Room } from '@ioc/contracts'
import { MAX_ROOMS, RoomRefs } from './room-refs.js'

describe('RoomRefs', () => {
  it('joins a room once however many users want it, and leaves it with the last one', () => {
    const refs = new RoomRefs()
    const cam = rooms.camera('cam-1')
    expect(refs.acquire([cam])).toEqual({ join: [cam], leave: [] })
    expect(refs.acquire([cam])).toEqual({ join: [], leave: [] })
    expect(refs.release([cam])).toEqual({ join: [], leave: [] })
    expect(refs.release([cam])).toEqual({ join: [], leave: [cam] })
    expect(refs.active()).toEqual([])
  })

  it(`stays within ${MAX_ROOMS} rooms; a waiting room joins when another is released`, () => {
    const refs = new RoomRefs()
    const cams: Room[] = Array.from({ length: MAX_ROOMS + 2 }, (_, i) => rooms.camera(`cam-${i}`))
    for (const cam of cams) refs.acquire([cam])
    expect(refs.active()).toHaveLength(MAX_ROOMS)
    expect(refs.waiting()).toEqual([cams[MAX_ROOMS], cams[MAX_ROOMS + 1]])
    expect(refs.release([cams[0]!])).toEqual({ join: [cams[MAX_ROOMS]], leave: [cams[0]] })
    expect(refs.active()).toHaveLength(MAX_ROOMS)
  })
})
