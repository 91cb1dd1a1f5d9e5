// A WS-FLV viewer in Node, as mpegts.js is in a browser: opens live.flv over WebSocket and reads the
// FLV it receives tag by tag (header, then type/size/timestamp tags), so a test can tell video from
// mere bytes.
import WebSocket from 'ws'

export interface FlvTagSeen {
  /** 8 audio, 9 video, 18 script data */
  type: number
  /** The tag's own timestamp, ms. */
  timestamp: number
  /** When it arrived (Date.now()). */
  at: number
}

export class FlvTagReader {
  headerSeen = false
  readonly tags: FlvTagSeen[] = []
  private pending = Buffer.alloc(0)

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk])
    if (!this.headerSeen) {
      // 'FLV', version, flags, header size (9), then PreviousTagSize0
      if (this.pending.length < 13) return
      if (this.pending.subarray(0, 3).toString() !== 'FLV') throw new Error('not FLV')
      this.headerSeen = true
      this.pending = this.pending.subarray(this.pending.readUInt32BE(5) + 4)
    }
    while (this.pending.length >= 11) {
      const size = this.pending.readUIntBE(1, 3)
      if (this.pending.length < 11 + size + 4) return
      const timestamp = this.pending.readUIntBE(4, 3) | (this.pending[7]! << 24)
      this.tags.push({ type: this.pending[0]! & 0x1f, timestamp, at: Date.now() })
      this.pending = this.pending.subarray(11 + size + 4)
    }
  }

  videoTags(): FlvTagSeen[] {
    return this.tags.filter((t) => t.type === 9)
  }
}

export interface WsFlvViewer {
  reader: FlvTagReader
  /** Close code and reason when the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/** Opens a WS-FLV viewer; rejects with the HTTP status when the handshake is refused. */
export function openWsFlv(url: string): Promise<WsFlvViewer> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url)
    const reader = new FlvTagReader()
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.once('close', (code, reason) => done({ code, reason: reason.toString() })),
    )
    ws.on('message', (data: Buffer) => reader.push(data))
    ws.once('open', () => ok({ reader, closed, close: () => ws.close() }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => fail(new HandshakeRefused(res.statusCode ?? 0, body)))
    })
    ws.once('error', (err) => fail(err))
  })
}

export class HandshakeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`WebSocket handshake refused: ${status} ${body}`)
  }
}

/** The HTTP status a WS-FLV handshake gets: 101 when it opens (then closed at once). */
export async function handshakeStatus(url: string): Promise<number> {
  try {
    const viewer = await openWsFlv(url)
    viewer.close()
    return 101
  } catch (err) {
    if (err instanceof HandshakeRefused) return err.status
    throw err
  }
}
