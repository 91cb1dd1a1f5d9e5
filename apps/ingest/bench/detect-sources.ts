// Simulated cameras for bench:detect: one ffmpeg process per camera decodes a clip in a loop at
// `readrate` times real time, samples it at `fps` and scales it like the camera pipeline does
// (`fps=N,scale=...`, bgr24 on a pipe), and every frame goes to the stage's submit.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Frame, FrameSink } from '../src/video/frame.js'

export interface SourceOptions {
  cameraId: string
  file: string
  /** Source size of the clip (from ffprobe). */
  width: number
  height: number
  /** Width the frames are scaled to (the camera pipeline's detect width); never upscaled. */
  maxWidth: number
  fps: number
  /** 1 = real time (a camera); higher offers more frames a second than a camera would. */
  readrate: number
}

export class CameraSource {
  readonly width: number
  readonly height: number
  frames = 0
  private child: ChildProcess | null = null

  constructor(
    private readonly o: SourceOptions,
    private readonly sink: FrameSink,
  ) {
    this.width = Math.min(o.width, o.maxWidth)
    // even height keeping the aspect ratio, as ffmpeg's h=-2 does
    this.height = Math.round((o.height * this.width) / o.width / 2) * 2
  }

  start(): void {
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-readrate',
      String(this.o.readrate),
      '-stream_loop',
      '-1',
      '-i',
      this.o.file,
      '-an',
      '-vf',
      `fps=${this.o.fps},scale=${this.width}:${this.height}`,
      '-pix_fmt',
      'bgr24',
      '-f',
      'rawvideo',
      'pipe:1',
    ]
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] })
    this.child = child
    const size = this.width * this.height * 3
    let pending: Buffer[] = []
    let bytes = 0
    child.stdout!.on('data', (chunk: Buffer) => {
      pending.push(chunk)
      bytes += chunk.length
      while (bytes >= size) {
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, bytes)
        const frame: Frame = {
          cameraId: this.o.cameraId,
          ts: Date.now(),
          width: this.width,
          height: this.height,
          bgr: Buffer.from(all.subarray(0, size)),
        }
        const rest = all.subarray(size)
        pending = rest.length ? [rest] : []
        bytes = rest.length
        this.frames++
        this.sink.submit(frame)
      }
    })
  }

  /** CPU seconds the ffmpeg process used so far (Linux /proc), or 0 when unknown. */
  cpuSeconds(): number {
    const pid = this.child?.pid
    if (!pid) return 0
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return 0
    }
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once('close', r))
    child.kill('SIGKILL')
    await exited
  }
}
