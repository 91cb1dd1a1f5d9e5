// The only place that starts ffmpeg. fluent-ffmpeg was archived upstream (2025) and only builds
// command lines; callers see FfmpegJob / FfmpegRun, so `child_process.spawn` can replace it here
// without touching them.
import { PassThrough, Readable } from 'node:stream'
import ffmpeg from 'fluent-ffmpeg'

export interface FfmpegOutput {
  /** A file or URL, or `pipe` for stdout (one output at most). */
  target: string | 'pipe'
  options: string[]
}

export interface FfmpegJob {
  /**
   * A file or URL on the command line, or text ffmpeg reads from its stdin (`pipe:0`, then closed):
   * for what must not be on a command line, which every local user can read (`ps`).
   */
  input: string | { stdin: string }
  inputOptions: string[]
  outputs: FfmpegOutput[]
}

export interface FfmpegExit {
  /** Null when the process ended because `kill` was called. */
  error: string | null
}

export interface FfmpegRun {
  /** What ffmpeg writes to its stdout (the `pipe` output). */
  readonly stdout: Readable
  onStderrLine(listener: (line: string) => void): void
  readonly exited: Promise<FfmpegExit>
  readonly pid: number | undefined
  kill(): void
}

export class FfmpegProcesses {
  private readonly running = new Set<FfmpegRun>()

  get count(): number {
    return this.running.size
  }

  start(job: FfmpegJob): FfmpegRun {
    const stdout = new PassThrough({ highWaterMark: 4 * 1024 * 1024 })
    const input = typeof job.input === 'string' ? job.input : Readable.from([job.input.stdin])
    const command = ffmpeg(input).inputOptions(job.inputOptions)
    for (const output of job.outputs) {
      command.output(output.target === 'pipe' ? stdout : output.target, { end: true })
      command.outputOptions(output.options)
    }
    const listeners: ((line: string) => void)[] = []
    command.on('stderr', (line: string) => {
      for (const listener of listeners) listener(line)
    })
    let killed = false
    let pid: number | undefined
    command.on('start', () => {
      pid = (command as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid
      // fluent-ffmpeg spawns asynchronously: a kill that came before the spawn is applied now
      if (killed) command.kill('SIGKILL')
    })
    const exited = new Promise<FfmpegExit>((resolve) => {
      command.on('end', () => resolve({ error: null }))
      command.on('error', (err: Error) => resolve({ error: killed ? null : err.message }))
    })
    const run: FfmpegRun = {
      stdout,
      onStderrLine: (listener) => listeners.push(listener),
      exited,
      get pid() {
        return pid
      },
      kill: () => {
        killed = true
        command.kill('SIGKILL')
      },
    }
    this.running.add(run)
    void exited.then(() => {
      this.running.delete(run)
      stdout.end()
    })
    command.run()
    return run
  }

  /** Kills every ffmpeg this owner started and waits until they are gone. */
  async stopAll(): Promise<void> {
    const runs = [...this.running]
    for (const run of runs) run.kill()
    await Promise.all(runs.map((run) => run.exited))
  }
}
