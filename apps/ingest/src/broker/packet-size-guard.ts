import { Transform, type TransformCallback } from 'node:stream'

export class PacketTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`MQTT packet of ${size} bytes, limit ${limit}`)
  }
}

/**
 * Sits between a connection's socket and aedes (which has no packet size limit of its own and
 * buffers a whole packet before it looks at it: one 150 MB publish grew it by 240 MB). It reads
 * only each packet's fixed header, the same in MQTT 3.1.1 and 5 (a type byte, then the remaining
 * length in 1 to 4 bytes of 7 bits), skips the rest, and fails as soon as a header announces a
 * packet over the limit, before its body arrives; bytes pass through unchanged otherwise.
 */
export class PacketSizeGuard extends Transform {
  /** Bytes of body still to pass before the next fixed header. */
  private skip = 0
  private inLength = false
  private length = 0
  private lengthBytes = 0

  /** Raised once the client has logged in as one of the IOC's services (see embedded-broker.ts). */
  limit: number

  constructor(limit: number) {
    super()
    this.limit = limit
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let i = 0
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i)
        this.skip -= n
        i += n
      } else if (!this.inLength) {
        i++ // the type and flags byte
        this.inLength = true
        this.length = 0
        this.lengthBytes = 0
      } else {
        const byte = chunk[i++]!
        this.length += (byte & 0x7f) * 128 ** this.lengthBytes++
        if (byte & 0x80) {
          // aedes' parser refuses a fifth length byte itself; here it just ends the counting
          if (this.lengthBytes === 4) return done(new Error('malformed MQTT remaining length'))
          continue
        }
        const size = 1 + this.lengthBytes + this.length
        if (size > this.limit) return done(new PacketTooLargeError(size, this.limit))
        this.inLength = false
        this.skip = this.length
      }
    }
    done(null, chunk)
  }
}
