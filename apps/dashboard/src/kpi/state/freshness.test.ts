import { describe, expect, it } from 'vitest'
import { freshness } from './freshness.js'

const at = Date.parse('2026-12-03T02:15:00Z')

describe('freshness', () => {
  it('is live with the time of the figures once the socket is live and nothing is being fetched', () => {
    expect(freshness({ online: true, connection: 'live', asOf: at, fetching: false })).toEqual({
      kind: 'live',
      asOf: at,
    })
  })

  it('is offline, with the time of the figures kept, when the network or the api is gone', () => {
    expect(freshness({ online: false, connection: 'live', asOf: at, fetching: false })).toEqual({
      kind: 'offline',
      asOf: at,
    })
    expect(freshness({ online: true, connection: 'reconnecting', asOf: at, fetching: true })).toEqual({
      kind: 'offline',
      asOf: at,
    })
    expect(freshness({ online: false, connection: 'connecting', asOf: 0, fetching: false })).toEqual({
      kind: 'offline',
      asOf: null,
    })
  })

  it('is catching up when back and fetching, connecting or loading on a first connection', () => {
    expect(freshness({ online: true, connection: 'resyncing', asOf: at, fetching: false }).kind).toBe(
      'catching-up',
    )
    expect(freshness({ online: true, connection: 'live', asOf: at, fetching: true }).kind).toBe('catching-up')
    expect(freshness({ online: true, connection: 'connecting', asOf: 0, fetching: true })).toEqual({
      kind: 'loading',
    })
    // opened with the copy kept on this device, before the first connection is made
    expect(freshness({ online: true, connection: 'connecting', asOf: at, fetching: true })).toEqual({
      kind: 'connecting',
      asOf: at,
    })
  })
})
