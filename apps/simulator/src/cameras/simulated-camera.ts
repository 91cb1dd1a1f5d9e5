// One simulated IP camera: GStreamer's RTSP server (python/rtsp_camera.py) on its own port, with
// basic auth, fed over local RTP by an ffmpeg of its own looping a clip at real-time speed, or by
// the clock feed (frames showing their own capture time, to measure the delay of the video path).
import { spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { cameraLikeClip } from './camera-clip.js'
import { ClockFeed } from './clock-feed.js'

const serverScript = fileURLToPath(new URL('../../python/rtsp_camera.py', import.meta.url))
// pyenv or a virtualenv may shadow `python3` without the GStreamer bindings Debian installs
const defaultPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

export type RtspProtocol = 'tcp' | 'udp'

/** What the camera films: a clip, or its own clock (see clock-feed.ts). */
export type CameraSource =
  | {
      /** An MP4 with H.264 video; re-encoded camera-like once (see camera-clip.ts). */
      clip: string
      clock?: never
    }
  | { clock: true; clip?: never }

export type SimulatedCameraOptions = CameraSource & {
  port: number
  path?: string
  username?: string
  password?: string
  /** What the camera accepts; a camera that refuses TCP makes clients fall back to UDP. */
  protocols?: RtspProtocol[]
  python?: string
  log?: (line: string) => void
}

/** What the server reported last: connections ever, open now, and PLAY requests ever. */
export interface SessionCounts {
  clients: number
  active: number
  sessions: number
}

interface ServerEvent extends SessionCounts {
  event: 'ready' | 'client-connected' | 'session-started' | 'client-closed'
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((ok, fail) => {
    socket.once('error', fail)
    socket.bind(0, '127.0.0.1', ok)
  })
  const { port } = socket.address()
  await new Promise<void>((ok) => socket.close(() => ok()))
  return port
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((ok) => child.once('exit', () => ok()))
}

async function terminate(child: ChildProcess | null): Promise<void> {
  if (!child) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited(child)
  clearTimeout(timer)
}

export class SimulatedCamera extends EventEmitter<{ session: [SessionCounts] }> {
  private server: ChildProcess | null = null
  private clockFeed: ClockFeed | null = null
  private running = false
  private counts: SessionCounts = { clients: 0, active: 0, sessions: 0 }
  private readonly log: (line: string) => void

  constructor(private readonly options: SimulatedCameraOptions) {
    super()
    this.log = options.log ?? (() => {})
  }

  get path(): string {
    return this.options.path ?? '/stream'
  }

  /** The URL a client uses, credentials included (the simulator is the camera: it knows them). */
  get url(): string {
    const { username, password, port } = this.options
    const auth = username
      ? `${encodeURIComponent(username)}${password ? `:${encodeURIComponent(password)}` : ''}@`
      : ''
    return `rtsp://${auth}127.0.0.1:${port}${this.path}`
  }

  /** The same URL without credentials, for a camera registry that stores them apart. */
  get urlWithoutCredentials(): string {
    return `rtsp://127.0.0.1:${this.options.port}${this.path}`
  }

  get isRunning(): boolean {
    return this.running
  }

  /** Counts since the server process started (they restart at zero with it). */
  sessionCounts(): SessionCounts {
    return { ...this.counts }
  }

  async start(): Promise<void> {
    if (this.running) return
    const clip = this.options.clip ? await cameraLikeClip(this.options.clip) : null
    const feedPort = await freeUdpPort()
    const args = [serverScript, '--port', String(this.options.port), '--feed-port', String(feedPort)]
    if (clip) args.push('--clip', clip)
    args.push('--path', this.path, '--protocols', (this.options.protocols ?? ['tcp', 'udp']).join(','))
    // `--name=value`: a generated password may start with '-', which argparse would read as an option
    if (this.options.username) args.push(`--user=${this.options.username}`)
    if (this.options.password) args.push(`--password=${this.options.password}`)
    const server = spawn(this.options.python ?? defaultPython, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.server = server
    this.counts = { clients: 0, active: 0, sessions: 0 }
    let stderr = ''
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000)
      // after start-up, what the server says (a feeder restart) is worth a log line
      if (this.running)
        for (const line of chunk.toString().split('\n')) if (line.trim()) this.log(line.trim())
    })
    const ready = new Promise<void>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`RTSP server on port ${this.options.port} did not start in 10 s`)),
        10_000,
      )
      server.once('exit', (code) => {
        clearTimeout(timer)
        fail(new Error(`RTSP server on port ${this.options.port} exited (${code}): ${stderr.trim()}`))
      })
      createInterface({ input: server.stdout! }).on('line', (line) => {
        let event: ServerEvent
        try {
          event = JSON.parse(line) as ServerEvent
        } catch {
          return
        }
        this.counts = { clients: event.clients, active: event.active, sessions: event.sessions }
        if (event.event === 'ready') {
          clearTimeout(timer)
          ok()
        } else this.emit('session', this.sessionCounts())
      })
    })
    try {
      await ready
    } catch (err) {
      await terminate(server)
      this.server = null
      throw err
    }
    if (this.options.clock) {
      this.clockFeed = new ClockFeed({ port: feedPort, log: this.log })
      this.clockFeed.start()
    }
    this.running = true
    this.log(`camera on port ${this.options.port} serving ${this.options.clip ?? 'its clock'}`)
  }

  /** Stops the server as a camera losing power would: its clients see the connection drop. */
  async stop(): Promise<void> {
    this.running = false
    const server = this.server
    this.server = null
    const clockFeed = this.clockFeed
    this.clockFeed = null
    await Promise.all([terminate(server), clockFeed?.stop()])
  }
}
