import { describe, expect, it } from 'vitest'
import { checkMediaPlay, mediaPlaySecret, signMediaPlay } from './media-play.js'

const secret = 'a'.repeat(32)
const now = Date.UTC(2026, 0, 1)

describe('media play signatures', () => {
  it('let the signed path play until expiry, and nothing else', () => {
    const sign = signMediaPlay('/live/cam-1', secret, 30, now)
    expect(checkMediaPlay('/live/cam-1', sign, secret, now + 29_000)).toBeNull()
    expect(checkMediaPlay('/live/cam-1', sign, secret, now + 31_000)).toBe('expired signature')
    expect(checkMediaPlay('/live/cam-2', sign, secret, now)).toBe('wrong signature')
    expect(checkMediaPlay('/live/cam-1', sign, 'b'.repeat(32), now)).toBe('wrong signature')
    // a later expiry with the same MAC is a forgery, not an extension
    const [expiry, mac] = sign.split('-')
    expect(checkMediaPlay('/live/cam-1', `${Number(expiry) + 3600}-${mac}`, secret, now)).toBe(
      'wrong signature',
    )
  })

  it('say what is wrong with what is not a signature', () => {
    expect(checkMediaPlay('/live/cam-1', undefined, secret, now)).toBe('unsigned')
    expect(checkMediaPlay('/live/cam-1', ['1-2', '3-4'], secret, now)).toBe('unsigned')
    expect(checkMediaPlay('/live/cam-1', '123-abc', secret, now)).toBe('malformed signature')
  })

  it('need the secret outside demo mode only', () => {
    expect(mediaPlaySecret({ IOC_MEDIA_PLAY_SECRET: secret, IOC_DEMO: false })).toBe(secret)
    expect(mediaPlaySecret({ IOC_MEDIA_PLAY_SECRET: undefined, IOC_DEMO: true })).toHaveLength(44)
    expect(() => mediaPlaySecret({ IOC_MEDIA_PLAY_SECRET: undefined, IOC_DEMO: false })).toThrow(
      /IOC_MEDIA_PLAY_SECRET/,
    )
  })
})
