// Moving one camera's FLV from node-media-server to one viewer, over HTTP or WebSocket alike.
// The upstream is read as fast as it comes: pausing it would only move the backlog into the media
// server (which buffers a slow reader without limit, in the ingest). A viewer whose own backlog
// grows past `maxBehindBytes` is dropped instead; a live picture seconds old is of no use anyway.
import type { Readable } from 'node:stream'

/** One viewer's connection, whatever carries it. */
export interface LiveViewer {
  send(chunk: Buffer): void
  /** Bytes accepted but not yet handed to the network. */
  readonly behindBytes: number
  /** Ends the connection; `reason` says why when it is not the stream's end. */
  close(reason: LiveRelayEnd): void
  /** Called once when the viewer goes away by itself. */
  onGone(listener: () => void): void
}

export type LiveRelayEnd = 'ended' | 'upstream_failed' | 'too_slow'

/**
 * Above a GOP burst (a new viewer gets the media server's cache of the last key frame onwards at
 * once: up to ~2 MB for a 4 s GOP at 4 Mbit/s), below memory that matters when 16 tiles lag.
 */
export const maxBehindBytes = 4 * 1024 * 1024

/** Pipes `upstream` to `viewer` until either ends; resolves with why it ended. */
export function relayLive(
  upstream: Readable,
  viewer: LiveViewer,
  limit = maxBehindBytes,
): Promise<LiveRelayEnd | 'viewer_left'> {
  return new Promise((done) => {
    let ended = false
    const finish = (why: LiveRelayEnd | 'viewer_left') => {
      if (ended) return
      ended = true
      upstream.destroy()
      if (why !== 'viewer_left') viewer.close(why)
      done(why)
    }
    viewer.onGone(() => finish('viewer_left'))
    upstream.on('data', (chunk: Buffer) => {
      if (ended) return
      if (viewer.behindBytes > limit) finish('too_slow')
      else viewer.send(chunk)
    })
    upstream.on('end', () => finish('ended'))
    upstream.on('error', () => finish('upstream_failed'))
    upstream.on('close', () => finish('ended'))
  })
}
