// Frames of an image or video file, decoded by the system ffmpeg into raw BGR (the same pixel
// format as the camera pipeline's frames). Used by the detect CLI, the tests and the benchmark;
// cameras have their own ffmpeg owner in src/cameras.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { DetectionError } from './errors.js'

export interface FileFrame {
  index: number
  /** Presentation time in ms from the start of the file (index / fps for videos). */
  ms: number
  width: number
  height: number
  bgr: Buffer
}

export interface ProbeResult {
  width: number
  height: number
  /** Frames per second of a video; 0 for a still image. */
  fps: number
  durationS: number
}

function ensureFfmpeg(tool: 'ffmpeg' | 'ffprobe'): void {
  const r = spawnSync(tool, ['-version'], { stdio: 'ignore' })
  if (r.error || r.status !== 0) {
    throw new DetectionError(
      'NO_FFMPEG',
      `${tool} is not installed or not on PATH (Debian/Ubuntu: sudo apt-get install ffmpeg)`,
    )
  }
}

export function probe(file: string): ProbeResult {
  if (!existsSync(file)) throw new DetectionError('INPUT_MISSING', `no such file: ${file}`)
  ensureFfmpeg('ffprobe')
  const r = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,avg_frame_rate,codec_type:format=duration,format_name',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  )
  let info: {
    streams?: { width?: number; height?: number; avg_frame_rate?: string }[]
    format?: { duration?: string; format_name?: string }
  } = {}
  try {
    info = JSON.parse(r.stdout || '{}')
  } catch {
    // handled below: no stream means not a picture
  }
  const s = info.streams?.[0]
  if (r.status !== 0 || !s?.width || !s.height) {
    throw new DetectionError(
      'DECODE',
      `${file} is not an image or video ffmpeg can read${r.stderr ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`,
    )
  }
  const still = /image2|_pipe|png|mjpeg|webp|bmp/.test(info.format?.format_name ?? '')
  const [num, den] = (s.avg_frame_rate ?? '0/1').split('/').map(Number)
  const fps = still || !num || !den ? 0 : num / den
  return { width: s.width, height: s.height, fps, durationS: Number(info.format?.duration ?? 0) || 0 }
}

export interface ReadOptions {
  /** Sample the video at this rate (ffmpeg's fps filter); unset keeps every frame. */
  fps?: number
  /** Stop after this many frames. */
  maxFrames?: number
}

/** Decodes a file frame by frame; the ffmpeg process is killed if the consumer stops early. */
export async function* readFrames(file: string, options: ReadOptions = {}): AsyncGenerator<FileFrame> {
  const info = probe(file)
  ensureFfmpeg('ffmpeg')
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file]
  if (options.fps) args.push('-vf', `fps=${options.fps}`)
  if (options.maxFrames) args.push('-frames:v', String(options.maxFrames))
  args.push('-f', 'rawvideo', '-pix_fmt', 'bgr24', 'pipe:1')
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString()
  })
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)))
  const size = info.width * info.height * 3
  const stepMs = 1000 / (options.fps ?? (info.fps || 1))
  let pending: Buffer[] = []
  let pendingBytes = 0
  let index = 0
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk)
      pendingBytes += chunk.length
      while (pendingBytes >= size) {
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
        const bgr = Buffer.from(all.subarray(0, size))
        const rest = all.subarray(size)
        pending = rest.length > 0 ? [rest] : []
        pendingBytes = rest.length
        yield { index, ms: Math.round(index * stepMs), width: info.width, height: info.height, bgr }
        index++
      }
    }
    const code = await exited
    if (code !== 0) {
      throw new DetectionError(
        'DECODE',
        `ffmpeg could not decode ${file}: ${stderr.trim() || `exit ${code}`}`,
      )
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
}
