import { hash } from 'node:crypto'
import { decodeMessage, type Decoded, type MqttStream } from '@ioc/contracts'

/** Messages decoded by one connection and not yet taken by the other; the oldest go first. */
const CAPACITY = 1_024

/**
 * Where a process receives the same message on two connections (the live fan-out's and the rules'
 * own, rules-input.ts), the second decode of it is a lookup: the first one's result is kept by
 * topic and content until the other connection takes it. A message the other connection never
 * gets (another replica's share) is dropped once CAPACITY newer ones are kept. Decoding is a pure
 * function of topic and bytes, so a kept result is the one a second decode would give.
 */
export class DecodeOnce {
  private readonly kept = new Map<string, Decoded<string, unknown>>()
  /** Messages decoded, and second arrivals given the kept result instead. */
  readonly counts = { decoded: 0, reused: 0 }

  decode<K extends string, P>(stream: MqttStream<K, P>, topic: string, bytes: Uint8Array): Decoded<K, P> {
    // sha1 of a few hundred bytes costs a fraction of a microsecond; parsing and validating a
    // batch costs tens (it is what this saves), and it tells two messages of one topic apart
    const key = `${topic}\u0000${bytes.length}\u0000${hash('sha1', bytes, 'base64')}`
    const known = this.kept.get(key) as Decoded<K, P> | undefined
    if (known) {
      this.kept.delete(key)
      this.counts.reused++
      return known
    }
    this.counts.decoded++
    const decoded = decodeMessage(stream, topic, bytes)
    this.kept.set(key, decoded as Decoded<string, unknown>)
    if (this.kept.size > CAPACITY) this.kept.delete(this.kept.keys().next().value as string)
    return decoded
  }

  get size(): number {
    return this.kept.size
  }
}
