// A clip cut from recording segments without re-encoding: ffmpeg's concat demuxer joins the
// segments (each starts at 0: -reset_timestamps) from the key frame at or before `from` (inpoint)
// to `to` (outpoint), stream-copied into an MP4 with its index first (faststart), so that the
// browser can seek it by HTTP range requests. Clips are files in a temporary folder, kept for a
// few minutes after their last use (players ask for ranges of the same file again and again).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ClipSource {
  /** Where ffmpeg reads the segment. */
  path: string
  bytes: number
  startMs: number
  endMs: number
}

const CUT_TIMEOUT_MS = 60_000
const KEEP_MS = 10 * 60_000

/** ffconcat quoting: inside single quotes nothing is special, so a quote is closed, escaped, reopened. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export class ClipCutter {
  private readonly pending = new Map<string, Promise<string>>()

  constructor(
    private readonly dir = join(tmpdir(), `ioc-clips-${process.pid}`),
    private readonly ffmpeg = 'ffmpeg',
  ) {}

  /** The clip's file, cut now or earlier for the same segments and range. */
  async cut(sources: readonly ClipSource[], fromMs: number, toMs: number): Promise<string> {
    const key = createHash('sha256')
      .update(JSON.stringify([sources.map((s) => [s.path, s.bytes]), fromMs, toMs]))
      .digest('hex')
      .slice(0, 32)
    const file = join(this.dir, `${key}.mp4`)
    if (await stat(file).catch(() => null)) {
      const now = new Date()
      await utimes(file, now, now).catch(() => {})
      return file
    }
    let cutting = this.pending.get(key)
    if (!cutting) {
      cutting = this.cutTo(file, sources, fromMs, toMs).finally(() => this.pending.delete(key))
      this.pending.set(key, cutting)
    }
    void this.sweep()
    return cutting
  }

  private async cutTo(file: string, sources: readonly ClipSource[], fromMs: number, toMs: number) {
    await mkdir(this.dir, { recursive: true })
    const lines = ['ffconcat version 1.0']
    sources.forEach((s, i) => {
      lines.push(`file ${quote(s.path)}`)
      if (i === 0 && fromMs > s.startMs) lines.push(`inpoint ${((fromMs - s.startMs) / 1000).toFixed(3)}`)
      if (i === sources.length - 1 && toMs < s.endMs)
        lines.push(`outpoint ${((toMs - s.startMs) / 1000).toFixed(3)}`)
    })
    const list = `${file}.ffconcat`
    const partial = `${file}.part.mp4`
    await writeFile(list, `${lines.join('\n')}\n`)
    try {
      await this.run(
        [
          ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
          ['-f', 'concat', '-safe', '0', '-i', list],
          ['-map', '0:v:0', '-c', 'copy', '-avoid_negative_ts', 'make_zero'],
          ['-movflags', '+faststart', '-f', 'mp4', partial],
        ].flat(),
      )
      await rename(partial, file)
      return file
    } finally {
      await rm(list, { force: true })
      await rm(partial, { force: true })
    }
  }

  private run(args: string[]): Promise<void> {
    return new Promise((ok, fail) => {
      const child = spawn(this.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      const timer = setTimeout(() => child.kill('SIGKILL'), CUT_TIMEOUT_MS)
      child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)))
      child.on('error', (e) => {
        clearTimeout(timer)
        fail(new Error(`ffmpeg: ${e.message}`))
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        if (code === 0) ok()
        else
          fail(new Error(`ffmpeg concat failed (${signal ?? `exit ${code}`}): ${err.trim().slice(0, 300)}`))
      })
    })
  }

  /** Clips unused for KEEP_MS go. */
  private async sweep(): Promise<void> {
    const now = Date.now()
    for (const name of await readdir(this.dir).catch(() => [])) {
      const path = join(this.dir, name)
      const info = await stat(path).catch(() => null)
      if (info && now - info.mtimeMs > KEEP_MS) await rm(path, { force: true })
    }
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
