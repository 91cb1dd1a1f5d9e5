// The measured runs of bench:detect: simulated cameras through the detection stage, the same
// stage fed from memory, and the bare session.run loop; each says where the CPU went meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { DetectionOutputs } from '../src/detection/detection-outputs.js'
import { DetectionStage, type CameraDetectionConfig } from '../src/detection/detection-stage.js'
import type { Detector } from '../src/detection/detector.js'
import type { ModelPool } from '../src/detection/model-pool.js'
import type { Frame } from '../src/video/frame.js'
import { machineBusySeconds } from './cpu.js'
import { CameraSource } from './detect-sources.js'

export interface Clip {
  file: string
  width: number
  height: number
}

export interface StageSettings {
  models: ModelPool
  queueFrames: number
  framesInFlight: number
  /** Width the cameras' frames are scaled to (the camera pipeline's detect width). */
  width: number
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A traffic camera with a lane, a crowd zone and a two-way count line: every analytic runs. */
export const cameraConfig = (cameraId: string): CameraDetectionConfig => ({
  cameraId,
  kind: 'traffic',
  modelId: 'yolox_nano',
  zones: [
    {
      id: 'lane',
      name: 'Làn',
      kind: 'lane',
      points: [
        [0, 0.5],
        [1, 0.5],
        [1, 1],
        [0, 1],
      ],
    },
    {
      id: 'plaza',
      name: 'Quảng trường',
      kind: 'crowd',
      points: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
    },
  ],
  lines: [
    {
      id: 'middle',
      name: 'Giữa',
      points: [
        [0.5, 0],
        [0.5, 1],
      ],
      directions: { leftToRight: 'A', rightToLeft: 'B' },
    },
  ],
})

export interface Cores {
  own: number
  ffmpeg: number
  others: number
  machine: number
}

/** Where the CPU went while `fn` ran: this process, our ffmpeg children, everything else. */
export async function measured<T>(
  sources: () => CameraSource[],
  fn: () => Promise<T>,
): Promise<{ result: T; cores: Cores }> {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const m0 = machineBusySeconds()
  const f0 = sources().reduce((s, c) => s + c.cpuSeconds(), 0)
  const result = await fn()
  const s = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const own = (cpu.user + cpu.system) / 1e6 / s
  const ffmpeg = (sources().reduce((sum, c) => sum + c.cpuSeconds(), 0) - f0) / s
  const machine = (machineBusySeconds() - m0) / s
  return { result, cores: { own, ffmpeg, others: Math.max(0, machine - own - ffmpeg), machine } }
}

/** The frames both the bare loop and the in-memory stage use, decoded and scaled by ffmpeg. */
export async function sampleFrames(clips: Clip[], width: number, perClip: number): Promise<Frame[]> {
  const frames: Frame[] = []
  for (const clip of clips) {
    const got: Frame[] = []
    const src = new CameraSource(
      { cameraId: 'sample', ...clip, maxWidth: width, fps: 5, readrate: 50 },
      { submit: (f) => void (got.length < perClip && got.push(f)) },
    )
    src.start()
    while (got.length < perClip) await sleep(20)
    await src.stop()
    frames.push(...got)
  }
  return frames
}

/** Nothing but session.run on pre-made input tensors, on this thread, for `seconds`: frames/s. */
export function bareLoop(detector: Detector, tensors: Float32Array[], seconds: number) {
  return measured(
    () => [],
    async () => {
      let n = 0
      const t0 = performance.now()
      const end = t0 + seconds * 1000
      while (performance.now() < end) await detector.session.run(tensors[n++ % tensors.length]!)
      return n / ((performance.now() - t0) / 1000)
    },
  )
}

export interface CameraRun {
  cameras: number
  fps: number
  offered: number
  minCameraFps: number
  dropShare: number
  latencyMs: number
  /** Frames waiting in the queues, mean of the samples taken every second. */
  meanQueued: number
  /** Main thread's event-loop delay while the cameras ran (what MQTT ingest and the pipes wait). */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  cores: Cores
}

/**
 * `n` cameras in real time (one ffmpeg each, looping a clip at `fps`) through a detection stage
 * for `seconds`, after 2 s of start-up; `sample` is called every second of the run.
 */
export async function runCameras(
  s: StageSettings,
  clips: Clip[],
  n: number,
  seconds: number,
  fps: number,
  sample?: (t: number) => void,
): Promise<CameraRun> {
  const stage = new DetectionStage({
    models: s.models,
    outputs: new DetectionOutputs(),
    queueFrames: s.queueFrames,
    framesInFlight: s.framesInFlight,
  })
  const sources: CameraSource[] = []
  for (let i = 0; i < n; i++) {
    const clip = clips[i % clips.length]!
    const id = `cam-${i + 1}`
    await stage.configureCamera(cameraConfig(id))
    sources.push(new CameraSource({ cameraId: id, ...clip, maxWidth: s.width, fps, readrate: 1 }, stage))
  }
  for (const src of sources) src.start()
  await sleep(2000) // ffmpeg start-up and the first frames
  const before = stage.stats().cameras
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  let queuedSum = 0
  let queuedSamples = 0
  const m = await measured(
    () => sources,
    async () => {
      const end = performance.now() + seconds * 1000
      while (performance.now() < end) {
        await sleep(Math.min(1000, end - performance.now()))
        queuedSum += stage.stats().cameras.reduce((q, c) => q + c.queued, 0)
        queuedSamples++
        sample?.(performance.now())
      }
    },
  )
  loop.disable()
  const after = stage.stats().cameras
  for (const src of sources) await src.stop()
  await stage.stop()
  const per = after.map((a, i) => ({
    fps: (a.processed - before[i]!.processed) / seconds,
    offered: (a.received - before[i]!.received) / seconds,
    latencyMs: a.latencyMs,
  }))
  const processed = per.reduce((sum, p) => sum + p.fps, 0)
  const offered = per.reduce((sum, p) => sum + p.offered, 0)
  return {
    cameras: n,
    fps: processed,
    offered,
    minCameraFps: Math.min(...per.map((p) => p.fps)),
    dropShare: offered > 0 ? Math.max(0, 1 - processed / offered) : 0,
    latencyMs: Math.max(...per.map((p) => p.latencyMs)),
    meanQueued: queuedSamples ? queuedSum / queuedSamples : 0,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    cores: m.cores,
  }
}

/**
 * The same stage on decoded frames from memory, one frame at a time over `cameras` cameras: what
 * the work around session.run costs without the decoders' CPU. Each frame is a fresh copy (the
 * stage takes the pixels it is given), as ffmpeg's pipe gives a fresh buffer a frame.
 */
export async function inMemory(s: StageSettings, frames: Frame[], cameras: number, seconds: number) {
  const stage = new DetectionStage({
    models: s.models,
    outputs: new DetectionOutputs(),
    queueFrames: s.queueFrames,
    framesInFlight: s.framesInFlight,
  })
  for (let c = 0; c < cameras; c++) await stage.configureCamera(cameraConfig(`mem-${c}`))
  let n = 0
  const t0 = performance.now()
  const end = t0 + seconds * 1000
  while (performance.now() < end) {
    // a frame or two waiting beyond those at the model, topped up every 5 ms (an inference is
    // ~20 ms): the model never waits, and no frame is dropped
    while (stage.stats().cameras.reduce((q, c) => q + c.inFlight + c.queued, 0) < s.framesInFlight + 2) {
      const f = frames[n % frames.length]!
      stage.submit({ ...f, bgr: Buffer.from(f.bgr), cameraId: `mem-${n % cameras}`, ts: Date.now() })
      n++
    }
    await sleep(5)
  }
  await stage.idle()
  const processed = stage.stats().cameras.reduce((p, c) => p + c.processed, 0)
  const fps = processed / ((performance.now() - t0) / 1000)
  await stage.stop()
  return fps
}
