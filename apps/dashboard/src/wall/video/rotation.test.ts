import { describe, expect, it } from 'vitest'
import { alertRaised, clickTile, focused, nextExpiry, noFocus, togglePin } from './focus.js'
import { pauseRotation, rotate, showPage, startRotation } from './rotation.js'

const settings = { intervalMs: 10_000, pauseMs: 30_000 }

describe('page rotation', () => {
  it('moves to the next page once a page has been shown its interval, wrapping around', () => {
    let s = startRotation(0)
    s = rotate(s, 9_999, 3, settings)
    expect(s.page).toBe(0)
    s = rotate(s, 10_000, 3, settings)
    expect(s).toEqual({ page: 1, shownAt: 10_000, pausedUntil: 0 })
    s = rotate(rotate(s, 20_000, 3, settings), 30_000, 3, settings)
    expect(s.page).toBe(0)
  })

  it('holds still after an interaction and counts the interval from the end of the pause', () => {
    let s = pauseRotation(startRotation(0), 5_000, settings) // paused until 35 s
    s = rotate(s, 20_000, 3, settings)
    expect(s.page).toBe(0)
    s = rotate(s, 35_000, 3, settings) // the pause ends: a full interval from here
    expect(s.page).toBe(0)
    expect(rotate(s, 44_999, 3, settings).page).toBe(0)
    expect(rotate(s, 45_000, 3, settings).page).toBe(1)
  })

  it('holds while a camera is enlarged, and never rotates one page or with interval 0', () => {
    let s = startRotation(0)
    s = rotate(s, 50_000, 3, settings, true)
    expect(s.page).toBe(0)
    expect(rotate(s, 59_999, 3, settings).page).toBe(0)
    expect(rotate(startRotation(0), 99_000, 1, settings).page).toBe(0)
    expect(rotate(startRotation(0), 99_000, 3, { ...settings, intervalMs: 0 }).page).toBe(0)
  })

  it('keeps the page in range when the camera count shrinks, and shows a chosen page', () => {
    expect(rotate({ page: 4, shownAt: 0, pausedUntil: 0 }, 1000, 2, settings).page).toBe(0)
    expect(showPage(startRotation(0), 2, 1000, settings)).toEqual({
      page: 2,
      shownAt: 1000,
      pausedUntil: 31_000,
    })
  })
})

describe('enlarged camera', () => {
  const times = { alertMs: 30_000, clickMs: 60_000 }

  it('enlarges a clicked tile until clicked again or its time is up', () => {
    const s = clickTile(noFocus, 'a', 0, times)
    expect(focused(s, 59_999)).toEqual({ cameraId: 'a', reason: 'clicked' })
    expect(focused(s, 60_000)).toBeNull()
    expect(focused(clickTile(s, 'a', 1000, times), 1000)).toBeNull()
    expect(focused(clickTile(s, 'b', 1000, times), 1000)).toEqual({ cameraId: 'b', reason: 'clicked' })
  })

  it('enlarges an alerting camera over a clicked one, for its time only', () => {
    const s = alertRaised(clickTile(noFocus, 'a', 0, times), 'x', 1000, times)
    expect(focused(s, 1000)).toEqual({ cameraId: 'x', reason: 'alert' })
    expect(focused(s, 31_000)).toEqual({ cameraId: 'a', reason: 'clicked' })
    expect(nextExpiry(s, 1000)).toBe(31_000)
    expect(nextExpiry(s, 31_000)).toBe(60_000)
  })

  it('keeps a pinned camera over alerts and clicks until unpinned', () => {
    let s = togglePin(noFocus, 'p')
    s = alertRaised(s, 'x', 0, times)
    expect(focused(s, 0)).toEqual({ cameraId: 'p', reason: 'pinned' })
    expect(focused(clickTile(s, 'p', 0, times), 0)).toEqual({ cameraId: 'p', reason: 'pinned' })
    s = togglePin(s, 'p')
    expect(focused(s, 0)).toEqual({ cameraId: 'x', reason: 'alert' })
  })
})
