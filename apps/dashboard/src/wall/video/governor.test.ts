import { describe, expect, it } from 'vitest'
import { decideStream, failureKind, playerLifetimeMs, retryDelayMs } from './governor.js'
import { liveFlvUrl, snapshotUrl } from './stream-url.js'

const ok = { onScreen: true, pageVisible: true, cameraOffline: false, failure: null }

describe('stream governor', () => {
  it('streams a visible tile of a camera that sends video', () => {
    expect(decideStream(ok, 0)).toEqual({ kind: 'stream' })
  })

  it('stops tiles off screen, on a hidden page, or of an offline camera (the page first)', () => {
    expect(decideStream({ ...ok, onScreen: false }, 0)).toEqual({ kind: 'idle', why: 'off_screen' })
    expect(decideStream({ ...ok, pageVisible: false, onScreen: false }, 0)).toEqual({
      kind: 'idle',
      why: 'page_hidden',
    })
    expect(decideStream({ ...ok, cameraOffline: true }, 0)).toEqual({ kind: 'idle', why: 'camera_offline' })
  })

  it('retries a failed tile after a backoff that doubles up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ])
    const failure = { attempts: 3, at: 10_000 }
    expect(decideStream({ ...ok, failure }, 13_999)).toEqual({ kind: 'backoff', retryAt: 14_000 })
    expect(decideStream({ ...ok, failure }, 14_000)).toEqual({ kind: 'stream' })
  })

  it('rebuilds players after 30 to 45 min, spread over the tiles so no two of 16 recycle together', () => {
    const lifetimes = Array.from({ length: 16 }, (_, i) => playerLifetimeMs(i, 16))
    expect(lifetimes[0]).toBe(30 * 60_000)
    expect(Math.max(...lifetimes)).toBeLessThan(45 * 60_000)
    expect(new Set(lifetimes).size).toBe(16)
    expect(Math.min(...lifetimes.slice(1).map((l, i) => l - lifetimes[i]!))).toBeGreaterThan(50_000)
  })

  it("names mpegts.js' error types for the operator", () => {
    expect(failureKind('NetworkError: HttpStatusCodeInvalid')).toBe('network')
    expect(failureKind('MediaError: MediaMSEError')).toBe('media')
    expect(failureKind('stalled')).toBe('stalled')
    expect(failureKind('play: NotAllowedError')).toBe('other')
  })
})

describe('live video URL', () => {
  it('plays over WebSocket on the same host and path, token in the query (browsers send no header there)', () => {
    expect(liveFlvUrl('http://127.0.0.1:5173', 'cam-a', 't.o/k+n')).toBe(
      'ws://127.0.0.1:5173/api/cameras/cam-a/live.flv?token=t.o%2Fk%2Bn',
    )
    expect(liveFlvUrl('https://ioc.example.vn', 'cam a', 'x')).toBe(
      'wss://ioc.example.vn/api/cameras/cam%20a/live.flv?token=x',
    )
    expect(liveFlvUrl('http://h:3000', 'cam-a', 'x', 'http')).toBe(
      'http://h:3000/api/cameras/cam-a/live.flv?token=x',
    )
  })

  it('asks for a fresh snapshot each retry', () => {
    expect(snapshotUrl('http://h', 'c', 'x', 3)).toBe('http://h/api/cameras/c/snapshot.jpg?token=x&t=3')
  })
})
