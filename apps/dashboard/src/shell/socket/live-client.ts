import { io, type Socket } from 'socket.io-client'
import {
  alertListSchema,
  alertsSinceResponseSchema,
  parseServerEvent,
  rooms as roomNames,
  serverEventSchemas,
  subscribeResponseSchema,
  type AlertsSinceResponse,
  type ClientToServerEvents,
  type Room,
  type ServerEventName,
  type ServerEventPayload,
  type User,
} from '@ioc/contracts'
import type { ApiClient } from '../api/client.js'
import type { SessionManager } from '../session/session-manager.js'
import { AckError, parseAck } from './ack.js'
import { AlertsStore } from './alerts-store.js'
import { createBatcher, type Batcher, type Scheduler } from './batcher.js'
import type { ConnectionState, LiveStats } from './connection-state.js'
import { PAGE, resyncAlerts } from './resync.js'
import { RoomRefs } from './room-refs.js'

// Arrivals are typed `unknown` on purpose: each one is parsed with serverEventSchemas, never trusted.
type Incoming = Record<ServerEventName, (payload: unknown) => void>
type LiveSocket = Socket<Incoming, ClientToServerEvents>
type Handler<E extends ServerEventName> = (payload: ServerEventPayload<E>) => void
type BatchHandler<E extends ServerEventName> = (payloads: ServerEventPayload<E>[]) => void

const ACK_TIMEOUT_MS = 10_000

export interface LiveClientDeps {
  session: Pick<SessionManager, 'token' | 'renew' | 'getState' | 'subscribe'>
  api: ApiClient
  /** Socket.IO's `io`, replaceable in tests. */
  connect?: typeof io
  scheduler?: Scheduler
  url?: string
}

/** The room an event of `domain` reaches this user in: district staff get their district's room. */
export function roomFor(
  user: Pick<User, 'district'>,
  domain: 'alerts' | 'readings' | 'kpis' | 'cameras' | 'health',
): Room {
  return user.district ? roomNames.district(user.district) : roomNames.domain(domain)
}

/**
 * The dashboard's one Socket.IO connection. Hooks ask it for events (parsed, batched for the
 * high-rate ones) and rooms (counted by reference); it reconnects with a fresh token, joins its
 * rooms again and resyncs the alerts store by sequence number, so a wall misses no alert change.
 */
export class LiveClient {
  readonly alerts = new AlertsStore()
  private socket: LiveSocket | null = null
  private readonly roomRefs = new RoomRefs()
  private readonly handlers: { [E in ServerEventName]?: Set<Handler<E>> } = {}
  private readonly batchHandlers: { [E in ServerEventName]?: Set<BatchHandler<E>> } = {}
  private readonly batchers: { [E in ServerEventName]?: Batcher<ServerEventPayload<E>> } = {}
  private state: ConnectionState = { kind: 'closed', since: Date.now() }
  private readonly stateListeners = new Set<() => void>()
  private readonly reconnectListeners = new Set<() => void>()
  private wasLive = false
  /** Rooms asked of the server on this connection (emptied on reconnect: the server forgot them). */
  private readonly serverRooms = new Set<Room>()
  private roomFlush = false
  private alertUsers = 0
  private resyncing: Promise<void> | null = null
  private unsubscribeSession: (() => void) | null = null
  readonly stats: LiveStats = { invalid: {}, connects: 0, refusedRooms: [], lastResync: null }

  constructor(private readonly deps: LiveClientDeps) {
    this.on('alert:changed', (change) => this.alerts.applyChange(change, this.state.kind === 'live'))
  }

  // -- lifecycle -----------------------------------------------------------------------------
  start(): void {
    this.unsubscribeSession = this.deps.session.subscribe(() => this.followSession())
    this.followSession()
  }

  stop(): void {
    this.unsubscribeSession?.()
    this.closeSocket()
    for (const batcher of Object.values(this.batchers)) batcher.cancel()
  }

  // -- for hooks -----------------------------------------------------------------------------
  getState = (): ConnectionState => this.state
  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Called after every reconnection once the alerts are resynced (App refetches its queries). */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener)
    return () => this.reconnectListeners.delete(listener)
  }

  /** Each valid payload of `event`, as it arrives (low-rate events). */
  on<E extends ServerEventName>(event: E, handler: Handler<E>): () => void {
    const set: Set<Handler<E>> = this.handlers[event] ?? new Set()
    this.handlers[event] = set as (typeof this.handlers)[E]
    set.add(handler)
    return () => void set.delete(handler)
  }

  /** Valid payloads of `event` collected and handed over once an animation frame (high-rate events). */
  onBatch<E extends ServerEventName>(event: E, handler: BatchHandler<E>): () => void {
    const set: Set<BatchHandler<E>> = this.batchHandlers[event] ?? new Set()
    this.batchHandlers[event] = set as (typeof this.batchHandlers)[E]
    set.add(handler)
    if (!this.batchers[event]) {
      const batcher = createBatcher<ServerEventPayload<E>>((items) => {
        for (const h of set) h(items)
      }, this.deps.scheduler)
      this.batchers[event] = batcher as (typeof this.batchers)[E]
    }
    return () => void set.delete(handler)
  }

  /** Joins `rooms` while the returned release has not been called (counted with other users). */
  acquireRooms(rooms: readonly Room[]): () => void {
    this.roomRefs.acquire(rooms)
    this.applyRoomDiff()
    let released = false
    return () => {
      if (released) return
      released = true
      this.roomRefs.release(rooms)
      this.applyRoomDiff()
    }
  }

  /** Keeps the alerts store synced (alert room joined, resync on reconnect) while in use. */
  useAlerts(user: Pick<User, 'district'>): () => void {
    const release = this.acquireRooms([roomFor(user, 'alerts')])
    this.alertUsers += 1
    if (this.alertUsers === 1 && this.socket?.connected) void this.resync()
    return () => {
      this.alertUsers -= 1
      release()
    }
  }

  /**
   * The next page of older alerts into the store (the console's "older" button); `done` once the
   * api has no older one or the store is full.
   */
  async loadOlderAlerts(): Promise<{ count: number; done: boolean }> {
    const before = this.alerts.oldestSeq()
    if (before === null || before <= 1) return { count: 0, done: true }
    const page = await this.deps.api.get('/api/alerts', alertListSchema, {
      query: { beforeSeq: before, limit: PAGE },
    })
    this.alerts.addOlder(page.items)
    return { count: page.items.length, done: page.items.length < PAGE || this.alerts.full() }
  }

  // -- inside --------------------------------------------------------------------------------
  private followSession(): void {
    const session = this.deps.session.getState()
    if (session.kind === 'active') {
      if (!this.socket) this.openSocket()
      else if (!this.socket.connected && !this.socket.active) this.socket.connect()
    } else if (this.socket) {
      this.closeSocket()
    }
  }

  private openSocket(): void {
    const connect = this.deps.connect ?? io
    const socket: LiveSocket = connect(this.deps.url ?? '', {
      path: '/socket.io',
      transports: ['websocket'],
      // A function: called on every (re)connection, so a reconnect carries the current token.
      auth: (cb) => {
        void this.deps.session.token().then((token) => cb({ token: token ?? '' }))
      },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    })
    this.socket = socket
    this.setState({ kind: 'connecting', since: Date.now() })
    for (const event of Object.keys(serverEventSchemas) as ServerEventName[]) this.listen(socket, event)
    socket.on('connect', () => void this.connected())
    socket.on('disconnect', (reason) => {
      if (this.socket !== socket) return
      this.setState(
        this.wasLive
          ? { kind: 'reconnecting', since: Date.now(), attempt: 0 }
          : { kind: 'connecting', since: this.state.since },
      )
      // The server closed us (a stalled client is cut off): Socket.IO does not retry that by itself.
      if (reason === 'io server disconnect') socket.connect()
    })
    socket.io.on('reconnect_attempt', (attempt) => {
      if (this.state.kind === 'reconnecting') this.setState({ ...this.state, attempt })
    })
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      // The handshake refused the token: renew it once and try again; the expired overlay otherwise.
      if (err.data?.code !== 'unauthorized' && err.message !== 'unauthorized') return
      void this.deps.session.token().then(async (token) => {
        const renewed = token ? await this.deps.session.renew(token).catch(() => token) : null
        if (renewed && this.socket === socket && !socket.active) setTimeout(() => socket.connect(), 1000)
      })
    })
  }

  private closeSocket(): void {
    const socket = this.socket
    this.socket = null
    socket?.removeAllListeners()
    socket?.io.removeAllListeners()
    socket?.disconnect()
    this.wasLive = false
    this.setState({ kind: 'closed', since: Date.now() })
  }

  private async connected(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    this.stats.connects += 1
    const reconnection = this.wasLive
    this.setState({ kind: 'resyncing', since: Date.now() })
    // The server forgot our rooms with the old connection: join them all before resyncing.
    this.serverRooms.clear()
    await this.syncRooms(socket)
    if (this.alertUsers > 0) await this.resync()
    if (this.socket !== socket || !socket.connected) return
    this.wasLive = true
    this.setState({ kind: 'live', since: Date.now() })
    if (reconnection) for (const listener of this.reconnectListeners) listener()
  }

  private resync(): Promise<void> {
    this.resyncing ??= this.runResync().finally(() => (this.resyncing = null))
    return this.resyncing
  }

  private async runResync(): Promise<void> {
    const socket = this.socket
    if (!socket) return
    try {
      const result = await resyncAlerts(this.alerts, {
        since: (sinceSeq) => this.since(socket, sinceSeq),
        list: (query) => this.deps.api.get('/api/alerts', alertListSchema, { query }),
      })
      this.stats.lastResync = { at: Date.now(), count: result.count, kind: result.kind }
    } catch (err) {
      // Next reconnection (or the next user of the store) tries again; the banner said "resyncing".
      console.warn('[live] alert resync failed', err)
    }
  }

  private async since(socket: LiveSocket, sinceSeq: number): Promise<AlertsSinceResponse> {
    const raw: unknown = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('alerts:since', { sinceSeq })
    return parseAck('alerts:since', raw, alertsSinceResponseSchema)
  }

  /**
   * Brings the server's rooms in line with the wanted ones, once per tick: sixteen tiles mounting
   * together send one `subscribe`, and a page rotation's leave-and-join cancels out (the api cuts
   * off a client sending more than 10 events a second).
   */
  private applyRoomDiff(): void {
    if (this.roomFlush) return
    this.roomFlush = true
    queueMicrotask(() => {
      this.roomFlush = false
      const socket = this.socket
      if (!socket?.connected) return // all joined on connect
      void this.syncRooms(socket)
    })
  }

  private async syncRooms(socket: LiveSocket): Promise<void> {
    const wanted = new Set(this.roomRefs.active())
    const join = [...wanted].filter((room) => !this.serverRooms.has(room))
    const leave = [...this.serverRooms].filter((room) => !wanted.has(room))
    for (const room of join) this.serverRooms.add(room)
    for (const room of leave) this.serverRooms.delete(room)
    if (leave.length > 0) socket.emit('unsubscribe', { rooms: leave })
    if (join.length > 0) await this.subscribe(socket, join)
  }

  private async subscribe(socket: LiveSocket, rooms: Room[]): Promise<void> {
    try {
      const raw: unknown = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', { rooms })
      parseAck('subscribe', raw, subscribeResponseSchema)
      this.stats.refusedRooms = this.stats.refusedRooms.filter((r) => !rooms.includes(r as Room))
    } catch (err) {
      if (!(err instanceof AckError)) return console.warn('[live] subscribe failed', err)
      // The server joins all of a request or none: one refused room (a camera this role does not
      // watch) must not keep the others out, so the rest are asked for again without it.
      const named = new Set((err.body.details ?? []).map((d) => d.path))
      const refused = rooms.filter((room) => named.has(room))
      this.stats.refusedRooms = [
        ...new Set([...this.stats.refusedRooms, ...(refused.length > 0 ? refused : rooms)]),
      ]
      console.warn(`[live] rooms refused: ${err.message}`)
      const rest = rooms.filter((room) => !named.has(room))
      if (refused.length > 0 && rest.length > 0) await this.subscribe(socket, rest)
    }
  }

  private listen(socket: LiveSocket, event: ServerEventName): void {
    socket.on(event, (payload: unknown) => this.receive(event, payload))
  }

  private receive<E extends ServerEventName>(event: E, payload: unknown): void {
    const parsed = parseServerEvent(event, payload)
    if (!parsed.ok) {
      this.stats.invalid[event] = (this.stats.invalid[event] ?? 0) + 1
      return
    }
    for (const handler of this.handlers[event] ?? []) handler(parsed.data)
    if ((this.batchHandlers[event]?.size ?? 0) > 0) this.batchers[event]?.push(parsed.data)
  }

  private setState(state: ConnectionState): void {
    this.state = state
    for (const listener of this.stateListeners) listener()
  }
}
