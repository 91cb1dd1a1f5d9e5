// How far behind the camera's clock the ingest's relay is: a clock camera (frames showing their
// capture time, apps/simulator serve-one --clock) pulled by a real CameraPipeline into
// node-media-server; ffmpeg decodes node-media-server's HTTP-FLV, and for reference the camera's
// RTSP directly, and each decoded frame's code gives its age. The browser's own buffer comes on top
// (apps/api/test/live-delay.e2e.test.ts measures the whole path in Chromium).
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { clockCellMeans, clockCodeAge, readClockCode } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import { CameraPipeline } from '../src/cameras/camera-pipeline.js'
import { FfmpegProcesses } from '../src/cameras/ffmpeg-processes.js'
import { EmbeddedMediaServer } from '../src/cameras/media-server.js'

const WIDTH = 640
const HEIGHT = 360

export interface DelayFigures {
  samples: number
  p50: number
  p95: number
}

/** Ages (ms) of the frames ffmpeg decodes from `url`, taken from `from` on. */
function decodeAges(url: string, from: number): { ages: number[]; child: ChildProcess } {
  const input = url.startsWith('rtsp')
    ? ['-rtsp_transport', 'tcp', '-fflags', 'nobuffer']
    : // node-media-server's FLV announces an audio stream that never comes: probe briefly, map video
      ['-analyzeduration', '1000000', '-probesize', '200000']
  const child = spawn(
    'ffmpeg',
    [...['-v', 'error', ...input, '-flags', 'low_delay', '-threads', '1', '-i', url, '-map', '0:v']].concat([
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ]),
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
  const ages: number[] = []
  const frameBytes = WIDTH * HEIGHT
  let pending = Buffer.alloc(0)
  child.stdout!.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    while (pending.length >= frameBytes) {
      const frame = pending.subarray(0, frameBytes)
      pending = pending.subarray(frameBytes)
      const now = Date.now()
      const code = readClockCode(clockCellMeans(frame, WIDTH, HEIGHT, 2))
      if (code !== null && now >= from) ages.push(clockCodeAge(code, now))
    }
  })
  return { ages, child }
}

function figures(ages: number[]): DelayFigures {
  const sorted = [...ages].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95) }
}

/** Runs from `root` (the repository): the clock camera is spawned from the simulator's sources. */
export async function measureRelayDelay(
  root: string,
  seconds: number,
): Promise<{ relay: DelayFigures; camera: DelayFigures }> {
  const dir = await mkdtemp(join(tmpdir(), 'ioc-bench-delay-'))
  const cameraPort = await freePort()
  const camera = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/simulator/src/cameras/serve-one.ts', '--clock', '--port', String(cameraPort)],
    {
      cwd: root,
      // without this bench's TSX_TSCONFIG_PATH, which is relative to apps/ingest
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TSX_'))),
      stdio: ['pipe', 'pipe', 'ignore'],
    },
  )
  const media = new EmbeddedMediaServer({
    rtmpPort: await freePort(),
    httpPort: await freePort(),
    playSecret: randomBytes(32).toString('hex'),
  })
  const ffmpeg = new FfmpegProcesses()
  let online = false
  const pipeline = new CameraPipeline(
    {
      id: 'clock',
      rtspUrl: `rtsp://127.0.0.1:${cameraPort}/stream`,
      username: null,
      password: null,
      transport: 'tcp',
      detectFps: 5,
    },
    {
      ffmpeg,
      publishUrl: (id) => media.publishUrl(id),
      snapshotDir: dir,
      onStatus: (s) => (online = s.state === 'online'),
      log: () => {},
    },
  )
  const decoders: ChildProcess[] = []
  try {
    await new Promise<void>((ok, fail) => {
      camera.once('exit', () => fail(new Error('the clock camera exited')))
      createInterface({ input: camera.stdout! }).on('line', (line) => line.includes('"ready"') && ok())
    })
    await media.start()
    pipeline.start()
    for (let i = 0; !online; i++) {
      if (i > 300) throw new Error('the clock camera did not come online in 30 s')
      await new Promise((ok) => setTimeout(ok, 100))
    }
    // the first seconds are the burst of what the decoders buffered while probing
    const from = Date.now() + 3000
    const relay = decodeAges(media.playUrl('clock'), from)
    const direct = decodeAges(`rtsp://127.0.0.1:${cameraPort}/stream`, from)
    decoders.push(relay.child, direct.child)
    await new Promise((ok) => setTimeout(ok, 3000 + seconds * 1000))
    return { relay: figures(relay.ages), camera: figures(direct.ages) }
  } finally {
    for (const decoder of decoders) decoder.kill('SIGKILL')
    await pipeline.stop()
    await ffmpeg.stopAll()
    await media.stop()
    camera.kill('SIGTERM')
    if (camera.exitCode === null) await new Promise((ok) => camera.once('exit', ok))
    await rm(dir, { recursive: true, force: true })
  }
}
