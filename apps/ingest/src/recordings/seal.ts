// Making a segment whole after its writer stopped mid-file (the pipeline kills ffmpeg with SIGKILL,
// a crash, a power cut): fragmented MP4 is readable up to its last whole fragment, so a stream-copy
// remux keeps every whole fragment and drops the torn tail. No decoding.
import { execFile } from 'node:child_process'
import { rename, rm, stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { FfmpegProcesses } from '../cameras/ffmpeg-processes.js'

const run = promisify(execFile)

/** Fragmented MP4: each key frame starts a fragment, so a torn file loses at most one GOP. */
export const FMP4_MOVFLAGS = '+frag_keyframe+empty_moov+default_base_moof'

/** Seconds of video ffprobe reads in a file (first to last packet), null when it reads none. */
export async function probeVideoSeconds(path: string): Promise<number | null> {
  try {
    const { stdout } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'packet=pts_time,duration_time',
        '-of',
        'csv=p=0',
        path,
      ],
      { timeout: 20_000, maxBuffer: 8 * 1024 * 1024 },
    )
    let first = Infinity
    let last = -Infinity
    for (const line of stdout.split('\n')) {
      const [pts, duration] = line.split(',').map(Number)
      if (pts === undefined || !Number.isFinite(pts)) continue
      first = Math.min(first, pts)
      last = Math.max(last, pts + (Number.isFinite(duration) ? duration! : 0))
    }
    return last > first ? last - first : null
  } catch {
    return null
  }
}

/**
 * Rewrites a segment with its whole fragments only. Its seconds and bytes, or null when nothing of
 * it could be read (the file is then deleted).
 */
export async function sealSegment(
  ffmpeg: FfmpegProcesses,
  path: string,
): Promise<{ seconds: number; bytes: number } | null> {
  const exists = await stat(path).catch(() => null)
  if (!exists) return null
  const partial = `${path}.sealing.mp4`
  // a sealing cut short by a crash left its partial file: ffmpeg must not stop to ask about it
  await rm(partial, { force: true })
  const job = ffmpeg.start({
    input: path,
    inputOptions: ['-hide_banner', '-nostdin', '-loglevel', 'error'],
    outputs: [
      {
        target: partial,
        options: ['-map', '0:v:0', '-c', 'copy', '-f', 'mp4', '-movflags', FMP4_MOVFLAGS],
      },
    ],
  })
  const { error } = await job.exited
  const seconds = await probeVideoSeconds(partial)
  if (seconds === null) {
    await rm(partial, { force: true })
    await rm(path, { force: true })
    return null
  }
  // ffmpeg's complaint about the torn tail is expected: what it wrote before it is whole
  void error
  await rename(partial, path)
  const { size } = await stat(path)
  return { seconds, bytes: size }
}
