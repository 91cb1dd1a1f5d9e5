import { describe, expect, it } from 'vitest'
import { streams } from '@ioc/contracts'
import { DecodeOnce } from './decode-once.js'

const topic = streams.liveObservations.filter
const message = (value: number) =>
  Buffer.from(JSON.stringify([{ deviceId: 'd-1', metric: 'pm25', ts: '2026-12-06T08:00:00.000Z', value }]))

describe('DecodeOnce', () => {
  it('gives the second arrival of a message the first decode, and decodes the next message anew', () => {
    const once = new DecodeOnce()
    const first = once.decode(streams.liveObservations, topic, message(12))
    const second = once.decode(streams.liveObservations, topic, Buffer.from(message(12)))
    expect(second).toBe(first)
    const other = once.decode(streams.liveObservations, topic, message(13))
    expect(other).not.toBe(first)
    expect(other.ok && other.payload?.[0]?.value).toBe(13)
    expect(once.counts).toEqual({ decoded: 2, reused: 1 })
  })

  it('keeps a refusal as it keeps a payload: the second arrival is refused for the same reason', () => {
    const once = new DecodeOnce()
    const bad = Buffer.from('[{"deviceId":"d-1"}]')
    const first = once.decode(streams.liveObservations, topic, bad)
    expect(first.ok).toBe(false)
    expect(once.decode(streams.liveObservations, topic, bad)).toBe(first)
  })

  it('forgets the oldest of what the other connection never takes', () => {
    const once = new DecodeOnce()
    for (let i = 0; i < 1_100; i++) once.decode(streams.liveObservations, topic, message(i))
    expect(once.size).toBe(1_024)
    // the first ones were dropped: decoded again; a recent one is still kept
    once.decode(streams.liveObservations, topic, message(0))
    once.decode(streams.liveObservations, topic, message(1_099))
    expect(once.counts).toEqual({ decoded: 1_101, reused: 1 })
  })
})
