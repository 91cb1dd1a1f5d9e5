// The shared clips are encoded like films (a key frame every ~10 s, B-frames); IP cameras send a
// key frame every second or two and no B-frames, and a client joining the stream waits for the
// next key frame. So each clip is re-encoded once, camera-like, into a cache outside the repository.
import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const defaultClipCache = join(tmpdir(), 'ioc-sim-media')

// cameras of one process that share a clip wait for the same encoding
const encoding = new Map<string, Promise<string>>()

/** The path of a camera-like copy of `source` (1 s GOP, no B-frames, no audio, MPEG-TS), made if missing. */
export function cameraLikeClip(source: string, cacheDir = defaultClipCache): Promise<string> {
  const key = `${cacheDir}\0${source}`
  let pending = encoding.get(key)
  if (!pending) {
    pending = encodeOnce(source, cacheDir)
    encoding.set(key, pending)
    // a failure may be retried by the next start
    pending.catch(() => encoding.delete(key))
  }
  return pending
}

async function encodeOnce(source: string, cacheDir: string): Promise<string> {
  const info = await stat(source)
  const name = `${basename(source, '.mp4')}-${info.size}-${Math.floor(info.mtimeMs)}-gop1s.ts`
  const target = join(cacheDir, name)
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  )
    return target
  await mkdir(cacheDir, { recursive: true })
  // written aside then renamed, so a simulator started at the same time never reads half a file
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.part`
  try {
    await run(
      'ffmpeg',
      [
        ['-v', 'error', '-y', '-i', source, '-an'],
        ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0'],
        ['-force_key_frames', 'expr:gte(t,n_forced*1)', '-sc_threshold', '0', '-b:v', '1000k'],
        // MPEG-TS with SPS/PPS before every key frame: loops with -c copy without a bitstream filter
        // (ffmpeg 5.1's h264_mp4toannexb stops the stream at the first loop) and a client joining
        // mid-stream finds the headers in band
        ['-x264-params', 'repeat-headers=1', '-f', 'mpegts', partial],
      ].flat(),
    )
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
  await rename(partial, target)
  return target
}
