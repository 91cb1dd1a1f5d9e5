// PUBACK of a QoS 1 sensor message only once what it carried is safe in the database (its readings
// stored, or its dead letter written), in the order the messages arrived (MQTT 3.1.1 4.6). With a
// persistent session (clean: false, a stable client id) a message this process received but had not
// stored when it was killed is still unacknowledged, so the broker sends it again after a reconnect
// (the readings' primary key stores it once).
//
// mqtt.js sends the PUBACK when the callback of `handleMessage` is called without an error, and reads
// the next packet only after that callback: delaying the callback would handle one message at a time.
// So the callback is called at once with a marker error (mqtt.js then skips its PUBACK and goes on)
// and the PUBACK is written here later.
import type { IPublishPacket, MqttClient } from 'mqtt'

/** One message's pending parts: each `add`ed part, and the handling itself, calls done() once. */
export interface Receipt {
  add(parts: number): void
  done(): void
}

const skipAutomaticAck = new Error('PUBACK sent once the message is stored (delayed-acks.ts)')
const nothing = (): void => undefined
/** QoS 0: nothing to acknowledge. */
const settled: Receipt = { add: nothing, done: nothing }
/** The receipt kept on its packet (a property, not a WeakMap: one fewer table entry a message). */
const receiptOf = Symbol('ioc.receipt')
type Receipted = IPublishPacket & { [receiptOf]?: Entry }

/** A class, not two closures a message: one object to allocate, at 25,000 messages/s. */
class Entry implements Receipt {
  constructor(
    readonly messageId: number,
    readonly connection: number,
    private readonly owner: DelayedAcks,
    public pending = 1,
  ) {}
  add(parts: number): void {
    this.pending += parts
  }
  done(): void {
    if (this.pending <= 0) return
    if (--this.pending === 0) this.owner.flush()
  }
}

export class DelayedAcks {
  private readonly queue: Entry[] = []
  private head = 0
  /** Bumped when the connection closes: the PUBACKs owed on it are not owed on the next one. */
  private connection = 0
  acked = 0

  constructor(private readonly client: MqttClient) {
    const original = client.handleMessage.bind(client)
    client.handleMessage = (packet, callback) => {
      if ((packet as Receipted)[receiptOf]) callback(skipAutomaticAck)
      else original(packet, callback)
    }
    client.on('close', () => {
      this.connection++
      // the broker sends every unacknowledged message again on the next connection
      this.queue.length = 0
      this.head = 0
    })
  }

  /** Messages received and not yet acknowledged. */
  get pending(): number {
    return this.queue.length - this.head
  }

  /**
   * The receipt of a QoS 1 packet (one that does nothing for QoS 0), with one part pending: its
   * handling, whose done() comes once its other parts are added.
   */
  receive(packet: IPublishPacket): Receipt {
    const known = (packet as Receipted)[receiptOf]
    if (known) return known
    if (packet.qos !== 1 || packet.messageId === undefined) return settled
    const entry = new Entry(packet.messageId, this.connection, this)
    ;(packet as Receipted)[receiptOf] = entry
    this.queue.push(entry)
    return entry
  }

  /** Sends the PUBACKs now due, in arrival order (called by a receipt whose last part is done). */
  flush(): void {
    // a batch's PUBACKs leave in one write, not one syscall each (mqtt.js writes every packet
    // on its own): corked here, uncorked once this tick's acknowledgements are all written
    const stream = this.client.stream as { cork?(): void; uncork?(): void } | undefined
    let corked = false
    while (this.head < this.queue.length && this.queue[this.head]!.pending === 0) {
      const entry = this.queue[this.head++]!
      if (entry.connection !== this.connection || !this.client.connected) continue
      if (!corked && stream?.cork) {
        stream.cork()
        corked = true
        process.nextTick(() => stream.uncork?.())
      }
      // private in mqtt.js's types; the same call its own PUBACK makes
      ;(this.client as unknown as { _sendPacket(p: object, cb: () => void): void })._sendPacket(
        { cmd: 'puback', messageId: entry.messageId },
        nothing,
      )
      this.acked++
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
  }
}
