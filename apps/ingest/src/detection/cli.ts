// `npm run detect -- <image-or-video> [--model <file>] [--json] [--out <annotated.jpg>] [--fps <n>]`
// Detections of a file in source pixels, for people checking a model. JSON (docs/interfaces.md
// "Command line"): {"frames":[{"index":0,"detections":[{"label","score","box":[x1,y1,x2,y2]}]}]}
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { cocoLabel } from '@ioc/vision'
import { Detector } from './detector.js'
import { drawBoxes } from './draw-boxes.js'
import { DetectionError } from './errors.js'
import { probe, readFrames, type FileFrame } from './file-frames.js'
import { findModel, loadManifest, modelPath, resolveModelsDir } from './model-manifest.js'

interface CliDetection {
  label: string
  score: number
  box: [number, number, number, number]
}

const usage =
  'usage: npm run detect -- <image-or-video> [--model <file.onnx>] [--json] [--out <annotated.jpg>] [--fps <n>] [--score <0..1>]'

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      fps: { type: 'string' },
      score: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  if (positionals.length !== 1) throw new DetectionError('INPUT_MISSING', `one input file expected\n${usage}`)
  // npm runs scripts from the repository root; paths are meant from where the user typed them.
  const cwd = process.env['INIT_CWD'] ?? process.cwd()
  const input = resolve(cwd, positionals[0]!)
  const fps = values.fps === undefined ? undefined : Number(values.fps)
  if (fps !== undefined && !(fps > 0))
    throw new DetectionError('INPUT_MISSING', `--fps must be a positive number, got ${values.fps}`)
  const score = values.score === undefined ? 0.3 : Number(values.score)
  if (!(score >= 0 && score < 1))
    throw new DetectionError('INPUT_MISSING', `--score must be in [0, 1), got ${values.score}`)

  const info = probe(input) // before loading the model: a wrong path should fail fast
  const models = loadManifest()
  const file = values.model ? resolve(cwd, values.model) : undefined
  // An explicit file takes the layout of the manifest entry with its file name, else the default model's.
  const spec = findModel(models, models.find((m) => file && m.file === basename(file))?.id ?? 'yolox_nano')
  const detector = await Detector.open(
    spec,
    file ?? modelPath(spec, resolveModelsDir(process.env['IOC_MODELS_DIR'])),
    {
      intraOpThreads: Number(process.env['IOC_DETECT_THREADS'] ?? 2) || 2,
      scoreThreshold: score,
    },
  )

  const frames: { index: number; detections: CliDetection[] }[] = []
  let first: FileFrame | null = null
  const started = performance.now()
  for await (const frame of readFrames(input, fps ? { fps } : {})) {
    first ??= frame
    const detections = (await detector.detect(frame)).map((d) => ({
      label: cocoLabel(d.classId) ?? `class_${d.classId}`,
      score: Math.round(d.score * 1000) / 1000,
      box: d.box.map((v) => Math.round(v * 10) / 10) as CliDetection['box'],
    }))
    frames.push({ index: frame.index, detections })
    if (!values.json) printFrame(frame, detections, info.fps > 0)
  }
  const seconds = (performance.now() - started) / 1000
  await detector.session.close()
  if (!first) throw new DetectionError('DECODE', `${input} has no video frames`)

  if (values.out) {
    const out = resolve(cwd, values.out)
    await drawBoxes(first, frames[0]!.detections, out)
    if (!values.json) process.stdout.write(`annotated frame 0 written to ${out}\n`)
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ frames })}\n`)
  } else {
    const total = frames.reduce((n, f) => n + f.detections.length, 0)
    process.stdout.write(
      `${basename(input)}: ${info.width}x${info.height}, ${frames.length} frame(s), ${total} detection(s), ` +
        `model ${spec.id}, ${((seconds * 1000) / frames.length).toFixed(1)} ms a frame\n`,
    )
  }
}

function printFrame(frame: FileFrame, detections: CliDetection[], video: boolean): void {
  const when = video ? ` (${(frame.ms / 1000).toFixed(2)} s)` : ''
  process.stdout.write(`frame ${frame.index}${when}: ${detections.length} object(s)\n`)
  for (const d of detections) {
    process.stdout.write(
      `  ${d.label.padEnd(14)} ${d.score.toFixed(2)}  [${d.box.map((v) => v.toFixed(0)).join(', ')}]\n`,
    )
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`detect: ${err.message}\n`)
  process.exit(err instanceof DetectionError ? 2 : 1)
})
