import { spawn } from 'node:child_process'
import type { Box } from '@ioc/contracts'

/** ffmpeg gets this long to draw on one snapshot; a stuck process is killed. */
const PAINT_TIMEOUT_MS = 10_000
/** Most boxes drawn on one picture (a crowd), so the filter line stays bounded. */
export const MAX_BOXES = 100

/**
 * Draws boxes on a JPEG with the system ffmpeg (its drawbox filter), one short process a picture,
 * so that no native image package is needed (the api's other ffmpeg is recordings/clip-cutter.ts).
 */
export class BoxPainter {
  constructor(private readonly ffmpeg = 'ffmpeg') {}

  async paint(jpeg: Buffer, boxes: readonly Box[]): Promise<Buffer> {
    if (boxes.length === 0) return jpeg
    // Boxes are normalised, so they are scaled by the picture's own size (iw, ih) whatever it is.
    const filter = boxes
      .slice(0, MAX_BOXES)
      .map(([x1, y1, x2, y2]) => {
        const n = (v: number) => v.toFixed(5)
        return `drawbox=x=iw*${n(x1)}:y=ih*${n(y1)}:w=iw*${n(x2 - x1)}:h=ih*${n(y2 - y1)}:color=red@1:t=4`
      })
      .join(',')
    const args = ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0']
    args.push('-vf', filter, '-frames:v', '1', '-q:v', '3', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1')
    return new Promise<Buffer>((resolve, reject) => {
      const child = spawn(this.ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] })
      const out: Buffer[] = []
      let err = ''
      const timer = setTimeout(() => child.kill('SIGKILL'), PAINT_TIMEOUT_MS)
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)))
      child.on('error', (e) => {
        clearTimeout(timer)
        reject(new Error(`ffmpeg: ${e.message}`))
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        const jpegOut = Buffer.concat(out)
        if (code === 0 && jpegOut.length > 4 && jpegOut.readUInt16BE(0) === 0xffd8) resolve(jpegOut)
        else
          reject(
            new Error(`ffmpeg drawbox failed (${signal ?? `exit ${code}`}): ${err.trim() || 'no picture'}`),
          )
      })
      // A picture ffmpeg refuses closes its stdin early: the write error is the exit's to report.
      child.stdin.on('error', () => {})
      child.stdin.end(jpeg)
    })
  }
}
