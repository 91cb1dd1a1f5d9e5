import { describe, expect, it } from 'vitest'
import { listPhase } from './ListState.js'

describe('listPhase', () => {
  const t0 = 1_000_000
  it('is loading until the list arrives, and failed only once live for a while without it', () => {
    expect(listPhase({ kind: 'connecting', since: t0 }, t0 + 60_000, t0, null, 0, 0)).toBe('loading')
    expect(listPhase({ kind: 'live', since: t0 }, t0 + 1000, t0, null, 0, 0)).toBe('loading')
    expect(listPhase({ kind: 'live', since: t0 }, t0 + 9000, t0, null, 0, 0)).toBe('failed')
    // live long before the screen opened: the screen's own wait counts
    expect(listPhase({ kind: 'live', since: 0 }, t0 + 1000, t0, null, 0, 0)).toBe('loading')
  })

  it('tells an empty store from a filter that matches nothing', () => {
    expect(listPhase({ kind: 'live', since: t0 }, t0, t0, 5, 0, 0)).toBe('empty')
    expect(listPhase({ kind: 'live', since: t0 }, t0, t0, 5, 10, 0)).toBe('filtered-empty')
    expect(listPhase({ kind: 'reconnecting', since: t0 }, t0, t0, 5, 10, 3)).toBe('rows')
  })
})
