// node-media-server embedded in the ingest: the pipelines publish each camera to it over RTMP, and
// the api reads HTTP-FLV from it (`/live/{cameraId}.flv`) to proxy it to authorised viewers. Both
// listen on 127.0.0.1 (IOC_MEDIA_HOST where the api runs on another host), and neither trusts that alone: publishing needs a URL signed with a secret
// only this process knows, playing (HTTP-FLV, WS-FLV, RTMP) one signed by the api with the shared
// play secret (IOC_MEDIA_PLAY_SECRET).
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkMediaPlay, mediaPlaySignParam, signMediaPlay } from '@ioc/config'

const require = createRequire(import.meta.url)

interface Nms {
  run(): Promise<void>
  stop(): Promise<void>
}

/** What node-media-server 4.4 passes to its `prePlay` listeners (the parts used here). */
interface PlaySession {
  protocol: 'flv' | 'rtmp'
  ip: string
  streamPath: string
  streamQuery?: Record<string, unknown>
  /** RTMP: the viewer's socket */
  socket?: { destroy(): void }
  /** FLV: a `ws` WebSocket (WS-FLV) or an express response (HTTP-FLV) */
  res?: WsViewer | HttpViewer
}
interface WsViewer {
  terminate(): void
  close(code: number, reason: string): void
}
interface HttpViewer {
  status(code: number): { set(headers: object): { end(body: string): void } }
}
type PlayListener = (session: PlaySession) => void
interface NmsEvents {
  on(event: 'prePlay', listener: PlayListener): void
  off(event: 'prePlay', listener: PlayListener): void
}

/**
 * A publish URL is only checked when ffmpeg connects, which it does within seconds of starting.
 * It stands on ffmpeg's command line (an output URL cannot come over stdin), so it is kept short:
 * a local user who reads it can publish nothing, since the path already has its publisher and the
 * signature is dead before a restarted pipeline would give the path up (`infra/systemd` hides
 * other users' command lines altogether).
 */
export const PUBLISH_TTL_S = 30

export interface MediaServerOptions {
  /** The address both listen on (IOC_MEDIA_HOST); 127.0.0.1 unless given. */
  host?: string
  rtmpPort: number
  httpPort: number
  /** The secret the api signs play URLs with (IOC_MEDIA_PLAY_SECRET). */
  playSecret: string
  /** node-media-server logs every play and publish; `warn` keeps the ingest's log readable. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error'
  /** Told of every refused play. */
  log?: (line: string) => void
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer()
    server.once('error', () => ok(false))
    server.listen(port, host, () => server.close(() => ok(true)))
  })
}

export class EmbeddedMediaServer {
  private readonly secret = randomBytes(24).toString('hex')
  private nms: Nms | null = null
  private storeDir: string | null = null
  private events: NmsEvents | null = null
  /** Plays refused since start, by reason (tests and the log read them). */
  readonly refusedPlays: Record<string, number> = {}

  private readonly host: string

  constructor(private readonly options: MediaServerOptions) {
    this.host = options.host ?? '127.0.0.1'
  }

  /** Where this process reaches it (on 127.0.0.1 also when it listens on every address). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.options.httpPort}`
  }

  async start(): Promise<void> {
    // node-media-server calls process.exit when a port is taken: check first, fail with a message
    for (const [name, port, variable] of [
      ['RTMP', this.options.rtmpPort, 'IOC_MEDIA_RTMP_PORT'],
      ['HTTP-FLV', this.options.httpPort, 'IOC_MEDIA_HTTP_PORT'],
    ] as const)
      if (!(await portFree(this.host, port)))
        throw new Error(`media server ${name} port ${this.host}:${port} is in use (set ${variable})`)
    this.storeDir = await mkdtemp(join(tmpdir(), 'ioc-nms-'))
    const NodeMediaServer = require('node-media-server') as new (config: object) => Nms
    const logger = require('node-media-server/src/core/logger.js') as {
      level: string
      levels: string[]
      log: (message: string, level?: string) => void
    }
    // Its lines go into the ingest's own log (one JSON line each) instead of console.log in a
    // format of its own, from `logLevel` up: the constructor resets the level and logs a banner.
    const floor = logger.levels.indexOf(this.options.logLevel ?? 'warn')
    const forward = this.options.log
    if (forward)
      logger.log = (message, level = 'info') => {
        if (logger.levels.indexOf(level) >= floor) forward(`media server: ${message}`)
      }
    this.nms = new NodeMediaServer({
      bind: this.host,
      rtmp: { port: this.options.rtmpPort },
      http: { port: this.options.httpPort },
      // play is not node-media-server's to check: it has one secret for both, and a play signature
      // would then be a publish signature too. `prePlay` below checks the api's own.
      auth: { publish: true, play: false, secret: this.secret },
      webadmin: { enable: false },
      store: { path: this.storeDir },
    })
    logger.level = this.options.logLevel ?? 'warn'
    // node-media-server keeps its event bus on a module-wide context: one media server a process
    this.events = (
      require('node-media-server/src/core/context.js') as { eventEmitter: NmsEvents }
    ).eventEmitter
    this.events.on('prePlay', this.checkPlay)
    await this.nms.run()
  }

  /**
   * Runs before node-media-server sends the first byte to a new viewer. It cannot veto from here,
   * so a refused viewer's connection is answered and closed at once: it never receives a tag.
   */
  private readonly checkPlay = (session: PlaySession): void => {
    const why = checkMediaPlay(
      session.streamPath,
      session.streamQuery?.[mediaPlaySignParam],
      this.options.playSecret,
    )
    if (why === null) return
    this.refusedPlays[why] = (this.refusedPlays[why] ?? 0) + 1
    const res = session.res
    if (session.protocol === 'rtmp') session.socket?.destroy()
    // 1008: policy violation; the reason is short, a close frame holds 123 bytes
    else if (res && 'terminate' in res) res.close(1008, why)
    else res?.status(403).set({ connection: 'close', 'content-type': 'text/plain' }).end(`${why}\n`)
    this.options.log?.(`media server: play ${session.streamPath} from ${session.ip} refused (${why})`)
  }

  /** A publish URL for one camera, in node-media-server's own format (a pipeline asks at each start). */
  publishUrl(cameraId: string): string {
    const path = `/live/${cameraId}`
    const exp = Math.floor(Date.now() / 1000) + PUBLISH_TTL_S
    const hash = createHash('md5').update(`${path}-${exp}-${this.secret}`).digest('hex')
    return `rtmp://127.0.0.1:${this.options.rtmpPort}${path}?sign=${exp}-${hash}`
  }

  /** A signed HTTP-FLV play URL, as the api makes them (for this process's own tests and benches). */
  playUrl(cameraId: string): string {
    const path = `/live/${cameraId}`
    return `${this.httpUrl}${path}.flv?${mediaPlaySignParam}=${signMediaPlay(path, this.options.playSecret)}`
  }

  async stop(): Promise<void> {
    this.events?.off('prePlay', this.checkPlay)
    this.events = null
    await this.nms?.stop()
    this.nms = null
    if (this.storeDir) await rm(this.storeDir, { recursive: true, force: true })
  }
}
