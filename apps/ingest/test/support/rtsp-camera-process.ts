// A simulated IP camera (apps/simulator's serve-one) as a separate process: the ingest's tests talk
// to it over RTSP only, as to a camera on the network, and read its session counts from its stdout.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const serveOne = fileURLToPath(new URL('../../../simulator/src/cameras/serve-one.ts', import.meta.url))
export const mediaDir = fileURLToPath(new URL('../../../../../shared/media/', import.meta.url))

export interface RtspCameraOptions {
  clip: 'traffic.mp4' | 'people.mp4'
  port: number
  user?: string
  password?: string
  protocols?: ('tcp' | 'udp')[]
}

export interface SessionCounts {
  clients: number
  active: number
  sessions: number
}

export class RtspCameraProcess {
  private child: ChildProcess | null = null
  counts: SessionCounts = { clients: 0, active: 0, sessions: 0 }
  /** The most connections the camera had open at once since it started (two pulls at once: 2). */
  maxActive = 0

  constructor(readonly options: RtspCameraOptions) {}

  /** The simulator's process id while it runs (the camera's own processes are below it). */
  get pid(): number | undefined {
    return this.child?.pid
  }

  /** The URL without credentials, as the registry stores it. */
  get url(): string {
    return `rtsp://127.0.0.1:${this.options.port}/stream`
  }

  async start(): Promise<void> {
    const { clip, port, user, password, protocols } = this.options
    const args = ['--import', 'tsx', serveOne, '--clip', `${mediaDir}${clip}`, '--port', String(port)]
    // `--name=value`: a password starting with '-' would otherwise be read as an option
    if (user) args.push(`--user=${user}`)
    if (password) args.push(`--password=${password}`)
    if (protocols) args.push('--protocols', protocols.join(','))
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child = child
    this.counts = { clients: 0, active: 0, sessions: 0 }
    this.maxActive = 0
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`camera on ${port} not ready in 30 s: ${stderr}`)),
        30_000,
      )
      child.once('exit', (code) => {
        clearTimeout(timer)
        fail(new Error(`camera on ${port} exited (${code}): ${stderr}`))
      })
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const event = JSON.parse(line) as { event: string } & SessionCounts
        if (event.event === 'ready') {
          clearTimeout(timer)
          ok()
        } else if (event.event === 'session') {
          this.counts = event
          this.maxActive = Math.max(this.maxActive, event.active)
        }
      })
    })
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null) return
    child.kill('SIGTERM')
    await new Promise((ok) => child.once('exit', ok))
  }
}
