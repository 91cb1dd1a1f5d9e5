// The clock camera's picture: every frame shows the wall-clock time it was captured (the clock
// code of @ioc/contracts), so whoever finally shows it can tell how old it is. A frame is painted
// and handed to an ffmpeg of its own, which encodes it as a low-latency IP camera would (no
// B-frames, no lookahead, a key frame a second) and sends it over local RTP to the RTSP server.
import { spawn, type ChildProcess } from 'node:child_process'
import { paintClockCode } from '@ioc/contracts'

export interface ClockFeedOptions {
  /** The RTSP server's local RTP feed port. */
  port: number
  width?: number
  height?: number
  fps?: number
  log?: (line: string) => void
}

export class ClockFeed {
  private ffmpeg: ChildProcess | null = null
  private timer: NodeJS.Timeout | null = null
  private frames = 0
  private skipped = 0

  constructor(private readonly options: ClockFeedOptions) {}

  /** Frames written and frames dropped because ffmpeg was not keeping up. */
  get counts(): { frames: number; skipped: number } {
    return { frames: this.frames, skipped: this.skipped }
  }

  start(): void {
    const { port, width = 640, height = 360, fps = 25 } = this.options
    const ffmpeg = spawn(
      'ffmpeg',
      [
        ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`],
        // time stamps from when each frame arrives, as a camera stamps its capture: a frame the timer
        // wrote late or dropped must not shift the stream's clock against the wall's (players pace
        // by the time stamps, so the delay would creep up)
        ['-use_wallclock_as_timestamps', '1', '-framerate', String(fps), '-i', 'pipe:0'],
        ['-fps_mode', 'passthrough', '-an', '-pix_fmt', 'yuv420p'],
        ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-bf', '0'],
        ['-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0', '-b:v', '500k'],
        // one slice a frame: with zerolatency's sliced threads, frames relayed by the RTSP server
        // decoded with their upper slices damaged (checked: not one code readable)
        ['-threads', '1'],
        // SPS/PPS before every key frame: the RTSP server's depayloader has no SDP to take them from
        ['-x264-params', 'repeat-headers=1', '-f', 'rtp', `rtp://127.0.0.1:${port}`],
      ].flat(),
      { stdio: ['pipe', 'ignore', 'pipe'] },
    )
    this.ffmpeg = ffmpeg
    ffmpeg.stderr!.on('data', (chunk: Buffer) => this.options.log?.(chunk.toString().trim()))
    // a write after ffmpeg died would otherwise throw EPIPE out of the timer
    ffmpeg.stdin!.on('error', () => {})
    ffmpeg.once('exit', (code) => {
      if (this.ffmpeg === ffmpeg) this.options.log?.(`clock feed ffmpeg exited (${code})`)
    })
    const interval = 1000 / fps
    const startedAt = Date.now()
    const tick = () => {
      // paced against the start, not the previous frame, so timer lateness does not add up
      const due = startedAt + (this.frames + this.skipped + 1) * interval
      this.timer = setTimeout(tick, Math.max(0, due - Date.now()))
      // a frame ffmpeg cannot take now is dropped, as a camera drops it: queueing it would age it
      if (ffmpeg.stdin!.writableNeedDrain) {
        this.skipped++
        return
      }
      ffmpeg.stdin!.write(paintClockCode(Date.now(), width, height))
      this.frames++
    }
    tick()
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const ffmpeg = this.ffmpeg
    this.ffmpeg = null
    if (!ffmpeg || ffmpeg.exitCode !== null || ffmpeg.signalCode !== null) return
    const exited = new Promise((ok) => ffmpeg.once('exit', ok))
    // the end of its input is what stops it: a SIGTERM waits for a read that never returns
    ffmpeg.stdin!.end()
    const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
}
