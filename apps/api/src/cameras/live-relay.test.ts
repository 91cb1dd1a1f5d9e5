import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { relayLive, type LiveRelayEnd, type LiveViewer } from './live-relay.js'

/** A viewer whose network takes nothing: everything sent stays behind. */
function stuckViewer() {
  const sent: Buffer[] = []
  const closes: LiveRelayEnd[] = []
  let gone: (() => void) | null = null
  const viewer: LiveViewer = {
    send: (chunk) => sent.push(chunk),
    get behindBytes() {
      return sent.reduce((n, c) => n + c.length, 0)
    },
    close: (reason) => closes.push(reason),
    onGone: (listener) => (gone = listener),
  }
  return { viewer, sent, closes, leave: () => gone?.() }
}

describe('relayLive', () => {
  it('drops a viewer that falls behind the limit and stops reading upstream', async () => {
    const upstream = new PassThrough()
    const { viewer, sent, closes } = stuckViewer()
    const ended = relayLive(upstream, viewer, 1000)
    for (let i = 0; i < 5; i++) upstream.write(Buffer.alloc(400))
    expect(await ended).toBe('too_slow')
    expect(closes).toEqual(['too_slow'])
    // 3 chunks (1200 bytes) went out before the backlog passed 1000; the 4th was refused
    expect(sent.length).toBe(3)
    expect(upstream.destroyed).toBe(true)
  })

  it('closes the viewer when the stream ends, and the upstream when the viewer leaves', async () => {
    const first = new PassThrough()
    const a = stuckViewer()
    const endedA = relayLive(first, a.viewer)
    first.end(Buffer.from('FLV'))
    expect(await endedA).toBe('ended')
    expect(a.closes).toEqual(['ended'])

    const second = new PassThrough()
    const b = stuckViewer()
    const endedB = relayLive(second, b.viewer)
    b.leave()
    expect(await endedB).toBe('viewer_left')
    expect(b.closes).toEqual([])
    expect(second.destroyed).toBe(true)
  })
})
