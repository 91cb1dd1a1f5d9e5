import { Logger, type OnModuleDestroy } from '@nestjs/common'
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets'
import { Gauge } from 'prom-client'
import type { Server, Socket } from 'socket.io'
import {
  clientEventSchemas,
  commonErrorCodes,
  formatZodError,
  socketErrorCodes,
  type AckResult,
  type AlertsSinceResponse,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type SubscribeResponse,
} from '@ioc/contracts'
import { AlertsService } from '../alerts/alerts.service.js'
import { TokenService } from '../auth/token.service.js'
import { MetricsService } from '../metrics/metrics.service.js'
import { EventRateLimit, SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND } from './event-rate-limit.js'
import { LiveService, type LiveSink } from './live.service.js'
import { roleRoom } from './room-policy.js'

type IocServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

/** A client holding more than this many unsent packets (or bytes in its socket) is cut off. */
export const MAX_BUFFERED_PACKETS = 1_000
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
/** Past this backlog a client misses volatile events (readings, boxes) until it catches up. */
export const BEHIND_PACKETS = 4
export const BEHIND_BYTES = 256 * 1024
const SLOW_CHECK_MS = 1_000

/**
 * Socket.IO on the api's port at /socket.io. Translates only: the handshake's token to a user, the
 * client's requests to LiveService and AlertsService, LiveService's pushes to rooms. A client that
 * stops reading is disconnected instead of buffering without end; it reconnects and catches up with
 * `alerts:since`. A client sending events faster than EventRateLimit allows is disconnected too.
 */
// CORS comes from the adapter (common/dashboard-origins.ts): IOC_DASHBOARD_ORIGIN, else same origin.
@WebSocketGateway({ path: '/socket.io' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('live')
  private slowTimer: NodeJS.Timeout | undefined

  @WebSocketServer() server!: IocServer

  constructor(
    private readonly live: LiveService,
    private readonly alerts: AlertsService,
    private readonly tokens: TokenService,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(server: IocServer): void {
    new Gauge({
      name: 'ioc_api_socket_clients',
      help: 'Socket.IO clients connected to this replica',
      registers: [this.metrics.registry],
      collect() {
        this.set(server.of('/').sockets.size)
      },
    })
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token
      const claims = this.tokens.verify(typeof token === 'string' ? token : null)
      if (!claims) {
        const err = new Error('unauthorized') as Error & { data: unknown }
        err.data = {
          code: commonErrorCodes.unauthorized,
          message: 'a valid access token is required in auth.token',
        }
        return next(err)
      }
      socket.data.user = {
        id: claims.sub,
        username: claims.username,
        role: claims.role,
        district: claims.district,
      }
      next()
    })
    // Socket.IO's own `volatile` drops whenever the previous write has not been flushed yet, which
    // on a busy machine is most of the time, even for fast clients. Skipping only the clients with
    // a real backlog keeps one encoding per broadcast and drops only for those that are behind.
    const sink: LiveSink = (event, payload, to, options) => {
      const except = [...(options.except ?? []), ...(options.volatile ? this.behind() : [])]
      const scope = options.cluster ? server.to(to) : server.local.to(to)
      const target = except.length > 0 ? scope.except(except) : scope
      ;(target.emit as (e: string, p: unknown) => boolean)(event, payload)
    }
    this.live.attach(sink)
    this.slowTimer = setInterval(() => this.dropStalledClients(), SLOW_CHECK_MS)
  }

  onModuleDestroy(): void {
    clearInterval(this.slowTimer)
  }

  handleConnection(socket: IocSocket): void {
    void socket.join(roleRoom(socket.data.user.role))
    const limit = new EventRateLimit()
    socket.use((_packet, next) => {
      if (limit.take()) return next()
      if (!socket.connected) return
      // Logged once: the socket is gone after this, and its queued events are never handled.
      this.logger.warn(
        `disconnecting ${socket.data.user.username} (${socket.handshake.address}): more than ${SOCKET_EVENT_BURST} events at once or ${SOCKET_EVENTS_PER_SECOND} a second`,
      )
      socket.emit('error', {
        code: socketErrorCodes.rateLimited,
        message: `more than ${SOCKET_EVENT_BURST} events at once or ${SOCKET_EVENTS_PER_SECOND} a second: disconnected`,
      })
      socket.disconnect(true)
    })
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: IocSocket,
    @MessageBody() body: unknown,
  ): Promise<AckResult<SubscribeResponse>> {
    const parsed = clientEventSchemas.subscribe.safeParse(body)
    if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) }
    const decision = await this.live.allowedRooms(socket.data.user, parsed.data.rooms, this.joined(socket))
    if (!decision.ok)
      return {
        ok: false,
        error: {
          code: decision.code,
          message: decision.denied.map((d) => `${d.room}: ${d.reason}`).join('; '),
          details: decision.denied.map((d) => ({ path: d.room, message: d.reason })),
        },
      }
    await socket.join(decision.rooms)
    return { ok: true, rooms: decision.rooms }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: IocSocket,
    @MessageBody() body: unknown,
  ): Promise<AckResult<SubscribeResponse>> {
    const parsed = clientEventSchemas.unsubscribe.safeParse(body)
    if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) }
    for (const room of parsed.data.rooms) await socket.leave(room)
    return { ok: true, rooms: parsed.data.rooms }
  }

  @SubscribeMessage('alerts:since')
  async since(
    @ConnectedSocket() socket: IocSocket,
    @MessageBody() body: unknown,
  ): Promise<AckResult<AlertsSinceResponse>> {
    const parsed = clientEventSchemas['alerts:since'].safeParse(body)
    if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) }
    try {
      return { ok: true, ...(await this.alerts.since(socket.data.user, parsed.data.sinceSeq)) }
    } catch (err) {
      this.logger.error(`alerts:since failed: ${(err as Error).message}`)
      return {
        ok: false,
        error: { code: commonErrorCodes.unavailable, message: 'alerts are unavailable, retry' },
      }
    }
  }

  /** The rooms the client asked for and is in (not its own id's room nor its role's). */
  private joined(socket: IocSocket): Set<string> {
    const own = new Set([socket.id, roleRoom(socket.data.user.role)])
    return new Set([...socket.rooms].filter((r) => !own.has(r)))
  }

  /** The ids (each socket's own room) of clients with unsent data beyond the volatile bound. */
  private behind(): string[] {
    const ids: string[] = []
    for (const socket of this.server.of('/').sockets.values()) {
      const { packets, bytes } = backlog(socket)
      if (packets > BEHIND_PACKETS || bytes > BEHIND_BYTES) ids.push(socket.id)
    }
    return ids
  }

  /** Packets pile up in engine.io (transport busy) and in ws (kernel buffer full) for a stalled client. */
  private dropStalledClients(): void {
    for (const socket of this.server.of('/').sockets.values()) {
      const { packets, bytes } = backlog(socket)
      if (packets > MAX_BUFFERED_PACKETS || bytes > MAX_BUFFERED_BYTES) {
        this.logger.warn(
          `disconnecting ${socket.data.user?.username ?? '?'} (${socket.handshake.address}): not reading, ${packets} packets / ${bytes} bytes queued`,
        )
        socket.disconnect(true)
      }
    }
  }
}

function backlog(socket: IocSocket): { packets: number; bytes: number } {
  const conn = socket.conn as unknown as {
    writeBuffer?: unknown[]
    transport?: { socket?: { bufferedAmount?: number } }
  }
  return { packets: conn.writeBuffer?.length ?? 0, bytes: conn.transport?.socket?.bufferedAmount ?? 0 }
}
