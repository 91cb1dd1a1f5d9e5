// WebSocket upgrades of `GET /api/cameras/{id}/live.flv` (browsers open at most six HTTP/1.1
// connections a host, so a wall of 16 tiles plays over WebSocket). The upgrade request is sent
// through the api's own HTTP stack as an ordinary request: the route's guards, pipes and the
// controller's authorisation decide exactly as for HTTP-FLV, and a refusal is the route's own
// answer (401, 403, 404, 503 with its JSON body) on the socket. Only when the route reaches
// CameraVideoService.relay does the handshake complete (`upgradeOf` gives it the socket).
import { ServerResponse, type IncomingMessage, type Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'

export interface PendingUpgrade {
  socket: Duplex
  head: Buffer
}

const pending = Symbol('live.flv upgrade')
type UpgradeRequest = IncomingMessage & { [pending]?: PendingUpgrade & { res: ServerResponse } }

/** Only these paths: Socket.IO (`/socket.io/`) keeps its own upgrade handling on the same server. */
const LIVE_PATH = /^\/api\/cameras\/[^/?#]+\/live\.flv$/

/** The socket of a WebSocket upgrade request still waiting for its handshake, or null for HTTP. */
export function upgradeOf(req: IncomingMessage): PendingUpgrade | null {
  const upgrade = (req as UpgradeRequest)[pending]
  if (!upgrade) return null
  // taken once: whoever takes it owns the socket, which the HTTP response lets go of
  delete (req as UpgradeRequest)[pending]
  upgrade.res.detachSocket(upgrade.socket as Socket)
  return { socket: upgrade.socket, head: upgrade.head }
}

@Injectable()
export class LiveUpgradeHook implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('cameras')
  private server: Server | null = null
  private readonly sockets = new Set<Duplex>()

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter
    this.server = adapter.getHttpServer() as Server
    const handle = adapter.getInstance() as (req: IncomingMessage, res: ServerResponse) => void
    this.server.on('upgrade', (req: UpgradeRequest, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0]!
      if (!LIVE_PATH.test(path)) return
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
      socket.on('error', (err) => this.logger.debug(`live.flv upgrade socket: ${err.message}`))
      // an answer written on this response (a refusal) goes to the socket, which then closes
      const res = new ServerResponse(req)
      res.shouldKeepAlive = false
      res.assignSocket(socket as Socket)
      res.once('finish', () => {
        if (req[pending]) socket.end()
      })
      req[pending] = { socket, head, res }
      handle(req, res)
    })
  }

  /** Sockets this hook holds (mid-handshake or playing): closed with the api. */
  onApplicationShutdown(): void {
    for (const socket of this.sockets) socket.destroy()
  }
}
