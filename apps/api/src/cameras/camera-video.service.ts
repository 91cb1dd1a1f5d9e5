// Live video: the api relays node-media-server's HTTP-FLV to the viewer, as HTTP-FLV or, when the
// request was a WebSocket upgrade (live-upgrade.ts), as WS-FLV: the same FLV bytes in binary
// messages. Every viewer is one more reader of the one stream the ingest already pulls; none of
// them reaches the camera, and the media server plays only URLs signed here, after the route
// has authorised the viewer.
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream } from 'node:stream/web'
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common'
import type { Request, Response } from 'express'
import { Counter, Gauge } from 'prom-client'
import { WebSocketServer, type WebSocket } from 'ws'
import { mediaPlaySignParam, signMediaPlay } from '@ioc/config'
import { CameraLeasesRepository } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { MetricsService } from '../metrics/metrics.service.js'
import { cameraErrorCodes } from './cameras.service.js'
import { relayLive, type LiveRelayEnd, type LiveViewer } from './live-relay.js'
import { upgradeOf, type PendingUpgrade } from './live-upgrade.js'

type Transport = 'http' | 'websocket'

/** WebSocket close codes: the stream ended, the api could not go on, the viewer fell behind. */
const closeCodes: Record<LiveRelayEnd, [number, string]> = {
  ended: [1000, 'stream ended'],
  upstream_failed: [1011, 'media server failed'],
  too_slow: [1013, 'viewer too far behind'],
}

@Injectable()
export class CameraVideoService {
  private readonly logger = new Logger('cameras')
  // the handshake only: the connection comes from the HTTP server (live-upgrade.ts)
  private readonly sockets = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 4096 })
  private readonly viewers: Gauge<'transport'>
  private readonly ends: Counter<'transport' | 'reason'>

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    metrics: MetricsService,
    private readonly leases: CameraLeasesRepository,
  ) {
    this.viewers = new Gauge({
      name: 'ioc_live_viewers',
      help: 'Live video viewers relayed now, by transport (http: HTTP-FLV, websocket: WS-FLV)',
      labelNames: ['transport'],
      registers: [metrics.registry],
    })
    this.ends = new Counter({
      name: 'ioc_live_viewer_ends_total',
      help: 'Live video viewers that ended, by transport and why (too_slow: dropped, backlog too large)',
      labelNames: ['transport', 'reason'],
      registers: [metrics.registry],
    })
    for (const transport of ['http', 'websocket']) this.viewers.set({ transport }, 0)
  }

  /**
   * Relays one authorised viewer. Over HTTP, a media server that fails answers 503 (by the route);
   * over WebSocket the handshake is done first, so the wait for a camera that is not streaming yet
   * holds no upgrade half-open, and a failure is a close frame (1011) saying why.
   */
  async relay(cameraId: string, req: Request, res: Response): Promise<void> {
    const upgrade = upgradeOf(req)
    if (upgrade) return this.playOverWebSocket(cameraId, req, upgrade)
    const left = new AbortController()
    res.once('close', () => left.abort())
    this.playOverHttp(cameraId, res, await this.openUpstream(cameraId, left.signal))
  }

  /**
   * The media server with the camera's stream: with several ingest replicas, the one of the replica
   * holding the camera's lease (IOC_MEDIA_ADVERTISED_URL, camera-leases.repository.ts); otherwise,
   * or when the database cannot say, IOC_MEDIA_HTTP_URL.
   */
  private async mediaServerOf(cameraId: string): Promise<string> {
    try {
      const advertised = await this.leases.mediaServerOf(cameraId)
      if (advertised) return advertised.replace(/\/+$/, '')
    } catch (err) {
      this.logger.warn(`which media server has ${cameraId}: ${(err as Error).message}`)
    }
    return this.config.mediaHttpUrl
  }

  /** The media server's FLV of one camera, requested with a signature it accepts for 30 s. */
  private async openUpstream(cameraId: string, viewerLeft: AbortSignal): Promise<Readable> {
    const path = `/live/${encodeURIComponent(cameraId)}`
    const sign = signMediaPlay(path, this.config.mediaPlaySecret)
    const server = await this.mediaServerOf(cameraId)
    const url = `${server}${path}.flv?${mediaPlaySignParam}=${sign}`
    const aborter = new AbortController()
    viewerLeft.addEventListener('abort', () => aborter.abort(), { once: true })
    let answer: globalThis.Response
    try {
      answer = await fetch(url, { signal: aborter.signal })
    } catch (err) {
      if (!viewerLeft.aborted)
        this.logger.warn(`media server ${server} unreachable: ${(err as Error).message}`)
      throw unavailable('the media server does not answer')
    }
    if (!answer.ok || !answer.body) {
      // 403: IOC_MEDIA_PLAY_SECRET differs between api and ingest (the media server says how)
      if (answer.status === 403)
        this.logger.error(`media server refused the api's signature: ${await why(answer)}`)
      aborter.abort()
      throw unavailable(`the media server answered ${answer.status}`)
    }
    const body = Readable.fromWeb(answer.body as ReadableStream<Uint8Array>)
    body.once('close', () => aborter.abort())
    if (viewerLeft.aborted) body.destroy()
    return body
  }

  private playOverHttp(cameraId: string, res: Response, upstream: Readable): void {
    if (upstream.destroyed) return
    res.status(200)
    res.setHeader('content-type', 'video/x-flv')
    res.setHeader('cache-control', 'no-store')
    res.flushHeaders()
    this.track(cameraId, 'http', upstream, {
      send: (chunk) => res.write(chunk),
      get behindBytes() {
        return res.writableLength
      },
      close: (reason) => (reason === 'ended' ? res.end() : res.destroy()),
      onGone: (listener) => res.once('close', listener),
    })
  }

  private playOverWebSocket(cameraId: string, req: IncomingMessage, { socket, head }: PendingUpgrade): void {
    // a request that is no valid handshake gets ws's own 400 and no callback
    this.sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const left = new AbortController()
      ws.once('close', () => left.abort())
      ws.on('error', (err) =>
        this.logger.debug({ cameraId }, `live.flv WebSocket of ${cameraId}: ${err.message}`),
      )
      const open = () => ws.readyState === ws.OPEN
      this.openUpstream(cameraId, left.signal).then(
        (upstream) => {
          if (!open()) return void upstream.destroy()
          this.track(cameraId, 'websocket', upstream, {
            send: (chunk) => ws.send(chunk, { binary: true }),
            get behindBytes() {
              return ws.bufferedAmount
            },
            close: (reason) => {
              ws.close(...closeCodes[reason])
              // a viewer too slow to take its data is as slow to take the close frame
              setTimeout(() => ws.terminate(), 2000).unref()
            },
            onGone: (listener) => ws.once('close', listener),
          })
        },
        (err: ServiceUnavailableException) => {
          // the English half of the 503's message (a close reason holds 123 bytes)
          const { message } = err.getResponse() as { message: string }
          if (open()) ws.close(closeCodes.upstream_failed[0], message.split(' / ').pop()!.slice(0, 120))
        },
      )
    })
  }

  private track(cameraId: string, transport: Transport, upstream: Readable, viewer: LiveViewer): void {
    this.viewers.inc({ transport })
    void relayLive(upstream, viewer).then((reason) => {
      this.viewers.dec({ transport })
      this.ends.inc({ transport, reason })
      if (reason === 'too_slow')
        this.logger.warn({ cameraId }, `live ${cameraId} (${transport}): viewer dropped, too far behind`)
    })
  }
}

async function why(answer: globalThis.Response): Promise<string> {
  return (await answer.text().catch(() => '')).trim().slice(0, 100) || String(answer.status)
}

function unavailable(why: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: cameraErrorCodes.videoUnavailable,
    message: `Không có hình trực tiếp / live video unavailable: ${why}`,
  })
}
