// node-media-server embedded in the ingest: the pipelines publish each camera to it over RTMP, and
// the api reads HTTP-FLV from it (`/live/{cameraId}.flv`) to proxy it to authorised viewers. Both
// listen on 127.0.0.1; publishing needs a URL signed with a secret only this process knows.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)

interface Nms {
  run(): Promise<void>
  stop(): Promise<void>
}

export interface MediaServerOptions {
  rtmpPort: number
  httpPort: number
  /** node-media-server logs every play and publish; `warn` keeps the ingest's log readable. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error'
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer()
    server.once('error', () => ok(false))
    server.listen(port, '127.0.0.1', () => server.close(() => ok(true)))
  })
}

export class EmbeddedMediaServer {
  private readonly secret = randomBytes(24).toString('hex')
  private nms: Nms | null = null
  private storeDir: string | null = null

  constructor(private readonly options: MediaServerOptions) {}

  get httpUrl(): string {
    return `http://127.0.0.1:${this.options.httpPort}`
  }

  async start(): Promise<void> {
    // node-media-server calls process.exit when a port is taken: check first, fail with a message
    for (const [name, port, variable] of [
      ['RTMP', this.options.rtmpPort, 'IOC_MEDIA_RTMP_PORT'],
      ['HTTP-FLV', this.options.httpPort, 'IOC_MEDIA_HTTP_PORT'],
    ] as const)
      if (!(await portFree(port)))
        throw new Error(`media server ${name} port 127.0.0.1:${port} is in use (set ${variable})`)
    this.storeDir = await mkdtemp(join(tmpdir(), 'ioc-nms-'))
    const NodeMediaServer = require('node-media-server') as new (config: object) => Nms
    const logger = require('node-media-server/src/core/logger.js') as { level: string }
    this.nms = new NodeMediaServer({
      bind: '127.0.0.1',
      rtmp: { port: this.options.rtmpPort },
      http: { port: this.options.httpPort },
      auth: { publish: true, play: false, secret: this.secret },
      webadmin: { enable: false },
      store: { path: this.storeDir },
    })
    logger.level = this.options.logLevel ?? 'warn'
    await this.nms.run()
  }

  /** A publish URL for one camera, signed for a day (a pipeline asks again at each restart). */
  publishUrl(cameraId: string): string {
    const path = `/live/${cameraId}`
    const exp = Math.floor(Date.now() / 1000) + 86_400
    const hash = createHash('md5').update(`${path}-${exp}-${this.secret}`).digest('hex')
    return `rtmp://127.0.0.1:${this.options.rtmpPort}${path}?sign=${exp}-${hash}`
  }

  async stop(): Promise<void> {
    await this.nms?.stop()
    this.nms = null
    if (this.storeDir) await rm(this.storeDir, { recursive: true, force: true })
  }
}
