// Draws boxes onto a raw BGR frame and writes it as a JPEG, with ffmpeg's drawbox filter (no
// image library needed; ffmpeg is already a requirement).
import { spawn } from 'node:child_process'
import { DetectionError } from './errors.js'

export interface DrawableBox {
  label: string
  box: readonly [number, number, number, number]
}

/** One colour per class of interest, so a glance tells cars from motorbikes. */
const COLOURS: Record<string, string> = {
  person: 'lime',
  bicycle: 'cyan',
  car: 'red',
  motorcycle: 'orange',
  bus: 'magenta',
  truck: 'yellow',
  dog: 'blue',
}

export function drawboxFilter(boxes: readonly DrawableBox[], width: number, height: number): string {
  const thickness = Math.max(2, Math.round(Math.min(width, height) / 200))
  const parts = boxes.map(({ label, box }) => {
    const x = Math.max(0, Math.round(box[0]))
    const y = Math.max(0, Math.round(box[1]))
    const w = Math.max(1, Math.round(box[2] - box[0]))
    const h = Math.max(1, Math.round(box[3] - box[1]))
    return `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=${COLOURS[label] ?? 'white'}@0.9:t=${thickness}`
  })
  return parts.length > 0 ? parts.join(',') : 'null'
}

export async function drawBoxes(
  frame: { width: number; height: number; bgr: Buffer },
  boxes: readonly DrawableBox[],
  outFile: string,
): Promise<void> {
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'bgr24',
    '-s',
    `${frame.width}x${frame.height}`,
    '-i',
    'pipe:0',
    '-vf',
    drawboxFilter(boxes, frame.width, frame.height),
    '-frames:v',
    '1',
    '-q:v',
    '3',
    outFile,
  ]
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<number | null>((res, rej) => {
    child.on('error', (err) =>
      rej(new DetectionError('NO_FFMPEG', `cannot run ffmpeg to draw ${outFile}: ${err.message}`)),
    )
    child.on('close', res)
  })
  child.stdin.on('error', () => {}) // ffmpeg exiting early reports through its exit code below
  child.stdin.end(frame.bgr)
  const code = await done
  if (code !== 0)
    throw new DetectionError(
      'DECODE',
      `ffmpeg could not write ${outFile}: ${stderr.trim() || `exit ${code}`}`,
    )
}
