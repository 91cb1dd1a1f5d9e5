// COPY ... FROM STDIN of a text already whole in memory, in one socket write and one round trip.
//
// pg-copy-streams sends the Query, waits for the server's CopyInResponse, then writes the data and
// CopyDone: three writes and two round trips a batch. With sensor PUBACKs waiting for the commit
// (apps/ingest delayed-acks.ts) batches are small (tens of one-reading messages), so that fixed
// cost was most of the ingest's database time (issue 17's profile: 3 socket writes of ~0.14 ms of
// CPU each a batch, the largest single cost per message). The protocol lets the client send the
// CopyData and CopyDone right behind the Query: the server reads them once in copy-in mode, and
// should the COPY fail (a repeated reading, a missing table) it answers ErrorResponse and ignores
// the copy messages that follow (PostgreSQL's frontend/backend protocol, "COPY Operations").
import type { PoolClient } from 'pg'

const QUERY = 0x51 // 'Q'
const COPY_DATA = 0x64 // 'd'
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]) // 'c', length 4

/** Messages a COPY FROM never gets, which pg's Client still calls a submittable for. */
const ignore = (): void => undefined

/** The Submittable pg's Client runs: it calls these handlers as the server's messages arrive. */
class CopyIn {
  private rowCount = 0
  private settle!: { resolve: (rows: number) => void; reject: (err: unknown) => void }
  readonly done = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }))

  constructor(
    private readonly sql: string,
    private readonly text: string,
  ) {}

  submit(connection: { stream: NodeJS.WritableStream }): void {
    const sqlBytes = Buffer.byteLength(this.sql)
    const dataBytes = Buffer.byteLength(this.text)
    const message = Buffer.allocUnsafe(1 + 4 + sqlBytes + 1 + 1 + 4 + dataBytes + COPY_DONE.length)
    let at = message.writeUInt8(QUERY, 0)
    at = message.writeUInt32BE(4 + sqlBytes + 1, at)
    at += message.write(this.sql, at)
    at = message.writeUInt8(0, at)
    at = message.writeUInt8(COPY_DATA, at)
    at = message.writeUInt32BE(4 + dataBytes, at)
    at += message.write(this.text, at)
    COPY_DONE.copy(message, at)
    connection.stream.write(message)
  }

  /** Nothing to do: the data went with the query. */
  handleCopyInResponse = ignore
  handleCommandComplete(msg: { text?: string }): void {
    this.rowCount = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0)
  }
  handleReadyForQuery(): void {
    this.settle.resolve(this.rowCount)
  }
  /** An ErrorResponse (pg then does not call handleReadyForQuery) or the connection's failure. */
  handleError(err: unknown): void {
    this.settle.reject(err)
  }
  handleRowDescription = ignore
  handleDataRow = ignore
  handleEmptyQuery = ignore
  handlePortalSuspended = ignore
  handleCopyData = ignore
}

/** Runs `sql` (a `copy ... from stdin`) with `text` as its data; resolves to the rows copied. */
export function copyIn(client: PoolClient, sql: string, text: string): Promise<number> {
  const copy = new CopyIn(sql, text)
  client.query(copy as never)
  return copy.done
}
