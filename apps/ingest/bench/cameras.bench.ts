// `npm run bench:cameras [-- --cameras 1,4,8 --seconds 20 --delay-seconds 10 --record --json]`: what one
// camera costs in the ingest for pull + relay to node-media-server + frame sampling (no detection),
// with `--record` the same steps again with each camera pulled twice at once, plainly and recorded
// (the segment output of the same ffmpeg): the CPU the recorded ffmpeg takes more than the plain one
// beside it, on the same machine at the same moment, and the bytes it writes an hour against the
// stream's bitrate,
// how many cameras a 2-core node sustains, and how far behind the camera the relayed video is. Real simulated cameras (GStreamer RTSP servers, own processes),
// real ffmpeg, real node-media-server. The machine may be shared: the load of other processes is
// measured and printed beside the figures.
import { randomBytes } from 'node:crypto'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { CameraStatus } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import { CameraPipeline } from '../src/cameras/camera-pipeline.js'
import { FfmpegProcesses } from '../src/cameras/ffmpeg-processes.js'
import { EmbeddedMediaServer } from '../src/cameras/media-server.js'
import { segmentOutput } from '../src/recordings/segment-run.js'
import { machineBusySeconds } from './cpu.js'
import { measureRelayDelay } from './relay-delay.js'

const { values: args } = parseArgs({
  options: {
    cameras: { type: 'string', default: '1,4,8' },
    seconds: { type: 'string', default: '20' },
    'detect-fps': { type: 'string', default: '5' },
    // 0 skips the delay measurement
    'delay-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
})
const steps = args.cameras.split(',').map(Number)
const seconds = Number(args.seconds)
const detectFps = Number(args['detect-fps'])
const root = fileURLToPath(new URL('../../../', import.meta.url))
const say = (line: string) => {
  if (!args.json) process.stdout.write(`${line}\n`)
}
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** CPU seconds of each live process whose command line matches, from /proc (Linux). */
function cpuByPid(match: (cmdline: string) => boolean): Map<string, number> {
  const seconds = new Map<string, number>()
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (!match(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100)
    } catch {
      // gone meanwhile
    }
  }
  return seconds
}

/**
 * CPU seconds spent since `before` by the processes alive now (a process started meanwhile counts
 * whole; one that ended meanwhile is not seen): never negative, unlike a difference of totals.
 */
function cpuSince(before: Map<string, number>, match: (cmdline: string) => boolean): number {
  let sum = 0
  for (const [pid, s] of cpuByPid(match)) sum += s - (before.get(pid) ?? 0)
  return sum
}

interface Registration {
  id: string
  rtspUrl: string
  username: string
  password: string
}

interface Step {
  /** Each camera pulled twice at once, plainly and recorded: the two ffmpegs compared on one machine. */
  recorded: boolean
  cameras: number
  online: number
  fpsOutPerCamera: number
  ffmpegCpuPct: number
  nodeCpuPct: number
  cpuPctPerCamera: number
  simulatorCpuPct: number
  othersCpuPct: number
  /** Recorded steps: segment bytes written an hour by one camera, and the video's own bitrate. */
  recordedMBPerHourPerCamera?: number
  /** Paired steps: CPU % of one camera's ffmpeg, plain and recorded, measured at the same time. */
  plainFfmpegPctPerCamera?: number
  recordedFfmpegPctPerCamera?: number
  recordedKbps?: number
  streamKbps?: number
}

/** Bytes of the segments in `dir` now. */
function segmentBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mp4'))
    .reduce((sum, name) => sum + (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0), 0)
}

/** The video's bitrate in a segment: its packets' bytes over their duration (no container). */
function streamKbps(file: string): number {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,size']
  const out = execFileSync('ffprobe', [...args, '-of', 'csv=p=0', file]).toString()
  const packets = out
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number) as [number, number])
  const bytes = packets.reduce((sum, [, size]) => sum + size, 0)
  // the last frame lasts as long as the others: n frames span n intervals
  const seconds = ((packets.at(-1)![0] - packets[0]![0]) * packets.length) / Math.max(1, packets.length - 1)
  return (bytes * 8) / seconds / 1000
}

async function runStep(n: number, recorded: boolean): Promise<Step> {
  const dir = await mkdtemp(join(tmpdir(), 'ioc-bench-cam-'))
  const segments = join(dir, 'segments')
  const registry = join(dir, 'cameras.json')
  const basePort = await freePort()
  const fleet = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/simulator/src/cameras/main.ts', '--registry', registry],
    {
      cwd: root,
      // without this bench's TSX_TSCONFIG_PATH, which is relative to apps/ingest
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TSX_'))),
        IOC_SIM_CAMERAS: String(n),
        IOC_SIM_CAMERA_PORT: String(Math.min(basePort, 60000)),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const media = new EmbeddedMediaServer({
    rtmpPort: await freePort(),
    httpPort: await freePort(),
    playSecret: randomBytes(32).toString('hex'),
  })
  const ffmpeg = new FfmpegProcesses()
  const pipelines: CameraPipeline[] = []
  const frames = new Map<string, number>()
  const states = new Map<string, CameraStatus>()
  try {
    for (let i = 0; !existsSync(registry); i++) {
      if (i > 600 || fleet.exitCode !== null) throw new Error('the simulated cameras did not start')
      await sleep(100)
    }
    const cameras = JSON.parse(readFileSync(registry, 'utf8')) as Registration[]
    await media.start()
    if (recorded) await mkdir(segments)
    // recorded: every camera twice, a plain pull and a recorded one (ids with -rec), side by side
    const pulled = recorded
      ? cameras.flatMap((c) => [
          { camera: c, id: c.id, record: false },
          { camera: c, id: `${c.id}-rec`, record: true },
        ])
      : cameras.map((c) => ({ camera: c, id: c.id, record: false }))
    for (const { camera: registered, id, record } of pulled) {
      const camera = { ...registered, id }
      const pipeline = new CameraPipeline(
        { ...camera, transport: 'tcp', detectFps },
        {
          ffmpeg,
          publishUrl: (id) => media.publishUrl(id),
          snapshotDir: dir,
          frames: { submit: (f) => frames.set(f.cameraId, (frames.get(f.cameraId) ?? 0) + 1) },
          onStatus: (s) => states.set(s.cameraId, s),
          log: () => {},
          // the segment output alone: the index's few writes a segment are the ingest's, not ffmpeg's
          ...(record
            ? {
                recorder: () => ({
                  output: segmentOutput(
                    join(segments, `${camera.id}-%06d.mp4`),
                    join(segments, `${camera.id}.csv`),
                    4,
                  ),
                  firstFrame: () => {},
                  end: async () => {},
                }),
              }
            : {}),
        },
      )
      pipelines.push(pipeline)
      pipeline.start()
    }
    // warm up: every camera online, then a few seconds more so start-up costs are not counted
    for (
      let i = 0;
      i < 300 && [...states.values()].filter((s) => s.state === 'online').length < pulled.length;
      i++
    )
      await sleep(100)
    await sleep(3000)
    // the pipelines' ffmpegs read the camera's URL from stdin (rtsp-input.ts): their command line
    // names the concat input's protocols, not the camera
    const pulls = (cmd: string) => /(^|\/)ffmpeg /.test(cmd) && cmd.includes('-protocol_whitelist pipe,rtsp')
    const recordedPulls = (cmd: string) => pulls(cmd) && cmd.includes(' -f segment ')
    const plainPulls = (cmd: string) => pulls(cmd) && !cmd.includes(' -f segment ')
    const simulator = (cmd: string) =>
      cmd.includes('rtsp_camera.py') || (/(^|\/)ffmpeg /.test(cmd) && cmd.includes('-f rtp rtp://'))
    const before = {
      ffmpeg: cpuByPid(pulls),
      plain: cpuByPid(plainPulls),
      recorded: cpuByPid(recordedPulls),
      sim: cpuByPid(simulator),
      node: process.cpuUsage(),
      machine: machineBusySeconds(),
      frames: new Map(frames),
      at: Date.now(),
      segmentBytes: recorded ? segmentBytes(segments) : 0,
    }
    await sleep(seconds * 1000)
    const wall = (Date.now() - before.at) / 1000
    const ffmpegCpu = cpuSince(before.ffmpeg, pulls)
    const plainCpu = cpuSince(before.plain, plainPulls)
    const recordedCpu = cpuSince(before.recorded, recordedPulls)
    const simCpu = cpuSince(before.sim, simulator)
    const node = process.cpuUsage(before.node)
    const nodeCpu = (node.user + node.system) / 1e6
    const machine = machineBusySeconds() - before.machine
    const framesOut = pulled.map((p) => (frames.get(p.id) ?? 0) - (before.frames.get(p.id) ?? 0))
    const pct = (cpuS: number) => (cpuS / wall) * 100
    const written = recorded ? segmentBytes(segments) - before.segmentBytes : 0
    const sample = recorded
      ? readdirSync(segments)
          .filter((name) => name.endsWith('.mp4'))
          .sort()
          .at(-3)
      : undefined
    return {
      recorded,
      ...(recorded
        ? {
            plainFfmpegPctPerCamera: pct(plainCpu) / n,
            recordedFfmpegPctPerCamera: pct(recordedCpu) / n,
            recordedMBPerHourPerCamera: ((written / n / wall) * 3600) / 1e6,
            recordedKbps: (written * 8) / n / wall / 1000,
            ...(sample ? { streamKbps: streamKbps(join(segments, sample)) } : {}),
          }
        : {}),
      cameras: n,
      online: [...states.values()].filter((s) => s.state === 'online').length,
      fpsOutPerCamera: framesOut.reduce((a, b) => a + b, 0) / pulled.length / wall,
      ffmpegCpuPct: pct(ffmpegCpu),
      nodeCpuPct: pct(nodeCpu),
      cpuPctPerCamera: pct(ffmpegCpu + nodeCpu) / pulled.length,
      simulatorCpuPct: pct(simCpu),
      othersCpuPct: Math.max(0, pct(machine - ffmpegCpu - nodeCpu - simCpu)),
    }
  } finally {
    await Promise.all(pipelines.map((p) => p.stop()))
    await ffmpeg.stopAll()
    await media.stop()
    fleet.kill('SIGTERM')
    if (fleet.exitCode === null) await new Promise((ok) => fleet.once('exit', ok))
    await rm(dir, { recursive: true, force: true })
  }
}

const fmt = (v: number, digits = 1) => v.toFixed(digits)
const results: Step[] = []
say(`bench:cameras: ${steps.join(', ')} cameras, ${seconds} s each, detection frames at ${detectFps} fps`)
say(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}`,
)
const recordedSteps: Step[] = []
for (const n of steps) {
  for (const recorded of args.record ? [false, true] : [false]) {
    const step = await runStep(n, recorded)
    ;(recorded ? recordedSteps : results).push(step)
    say(
      `  ${n} cameras${recorded ? ', each pulled plain and recorded' : ''}: ${step.online}/${recorded ? 2 * n : n} pipelines online, ${fmt(step.fpsOutPerCamera, 2)} frames/s each (target ${detectFps}), ` +
        `ingest CPU ${fmt(step.ffmpegCpuPct)}% ffmpeg + ${fmt(step.nodeCpuPct)}% node = ${fmt(step.cpuPctPerCamera)}% a camera; ` +
        `simulated cameras ${fmt(step.simulatorCpuPct)}%, other processes ${fmt(step.othersCpuPct)}%` +
        (recorded
          ? `; side by side, one camera's ffmpeg ${fmt(step.plainFfmpegPctPerCamera!, 2)}% plain, ${fmt(step.recordedFfmpegPctPerCamera!, 2)}% recorded; ` +
            `${fmt(step.recordedMBPerHourPerCamera!)} MB/h a camera written (${fmt(step.recordedKbps!)} kbit/s, the stream ${fmt(step.streamKbps ?? NaN)} kbit/s)`
          : ''),
    )
  }
}
// the per-camera cost at the largest step that kept up is the one to extrapolate from
const kept = results.filter((r) => r.online === r.cameras && r.fpsOutPerCamera >= detectFps * 0.9)
const basis = kept.at(-1) ?? results.at(-1)!
const perCamera = basis.cpuPctPerCamera
const coresOfNode = 2
const sustainable = Math.floor((coresOfNode * 100 * 0.8) / perCamera)
say('')
say('cameras | online | frames/s each | ffmpeg CPU % | node CPU % | CPU % a camera | others on the machine %')
for (const r of results)
  say(
    `${String(r.cameras).padStart(7)} | ${String(r.online).padStart(6)} | ${fmt(r.fpsOutPerCamera, 2).padStart(13)} | ` +
      `${fmt(r.ffmpegCpuPct).padStart(12)} | ${fmt(r.nodeCpuPct).padStart(10)} | ${fmt(r.cpuPctPerCamera).padStart(14)} | ` +
      `${fmt(r.othersCpuPct).padStart(6)}`,
  )
say('')
say(
  `one camera (pull + relay + ${detectFps} fps sampling + snapshot, no detection): ${fmt(perCamera)}% of one core ` +
    `(measured at ${basis.cameras} cameras)`,
)
say(
  `a 2-core node sustains about ${sustainable} such cameras at 80% CPU (${Math.floor((coresOfNode * 100) / perCamera)} at 100%); ` +
    `with detection (bench:detect: ~50 frames/s a node) about ${Math.floor(50 / detectFps)} cameras at ${detectFps} fps`,
)
const delaySeconds = Number(args['delay-seconds'])
const delay = delaySeconds > 0 ? await measureRelayDelay(root, delaySeconds) : null
if (delay)
  say(
    `relay delay (clock camera, ffmpeg decoding node-media-server's FLV): p50 ${delay.relay.p50} ms, ` +
      `p95 ${delay.relay.p95} ms over ${delay.relay.samples} frames; decoding the camera's RTSP directly: ` +
      `p50 ${delay.camera.p50} ms (a browser adds its own buffer: apps/api/test/live-delay.e2e.test.ts)`,
  )
// recording's cost: the CPU a recorded camera takes more than the same camera unrecorded, step by step
const recording = recordedSteps.map((r) => {
  return {
    cameras: r.cameras,
    plainFfmpegPctPerCamera: r.plainFfmpegPctPerCamera!,
    recordedFfmpegPctPerCamera: r.recordedFfmpegPctPerCamera!,
    extraCpuPctPerCamera: r.recordedFfmpegPctPerCamera! - r.plainFfmpegPctPerCamera!,
    mbPerHourPerCamera: r.recordedMBPerHourPerCamera!,
    writtenKbps: r.recordedKbps!,
    streamKbps: r.streamKbps ?? null,
  }
})
if (recording.length > 0) {
  say('')
  say(
    'cameras | CPU % a camera more when recorded (goal < 2) | MB/h a camera | written kbit/s | stream kbit/s',
  )
  for (const r of recording)
    say(
      `${String(r.cameras).padStart(7)} | ${fmt(r.extraCpuPctPerCamera, 2).padStart(45)} | ${fmt(r.mbPerHourPerCamera).padStart(13)} | ` +
        `${fmt(r.writtenKbps).padStart(14)} | ${r.streamKbps === null ? '?' : fmt(r.streamKbps).padStart(13)}`,
    )
}
if (args.json)
  process.stdout.write(
    `${JSON.stringify({
      cpuPctPerCamera: perCamera,
      ...(delay ? { relayDelayP50Ms: delay.relay.p50, relayDelayP95Ms: delay.relay.p95 } : {}),
      ...(delay ? { cameraDelayP50Ms: delay.camera.p50 } : {}),
      camerasPer2CoreNode: sustainable,
      // frames delivered / frames asked for, at the step the estimate comes from
      ratio: basis.fpsOutPerCamera / detectFps,
      steps: results,
      ...(recording.length > 0 ? { recording, recordedSteps } : {}),
      loadAverage: loadavg(),
    })}\n`,
  )
